extension Shape4 {
    /// The row-major (NCHW) position of `index` among the shape's elements: `((n·C + c)·H + row)·W + column`.
    public func flatIndex(of index: TensorIndex) -> Int {
        ((index.n * c + index.channel) * h + index.row) * w + index.column
    }

    /// The index at row-major position `flat`, the inverse of ``flatIndex(of:)``.
    public func index(atFlat flat: Int) -> TensorIndex {
        let plane = h * w, image = c * plane
        return TensorIndex(n: flat / image, channel: flat % image / plane, row: flat % plane / w, column: flat % w)
    }
}
