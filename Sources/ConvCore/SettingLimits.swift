extension CheckedSize {
    /// Throws `.tooLarge` when either axis of a per-axis setting (a kernel size, padding, output padding or
    /// dilation) exceeds ``Limits/maxElements``. No tensor extent may be larger, and a setting that large only fits
    /// contrived combinations (a huge padding cropping a huge stride back down, say), so it is refused up front
    /// rather than carried through the size arithmetic.
    func requireSetting(_ setting: AxisPair, _ what: String) throws(ConvError) {
        try require(max(setting.height, setting.width), atMost: Limits.maxElements, what)
    }
}
