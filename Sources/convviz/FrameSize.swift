import ArgumentParser
import ConvvizUI

/// The frame sizes `render` and `record` accept: from the smallest screen the layout draws on.
enum FrameSize {
    static let widths = Screen.minimumWidth...1000
    static let heights = Screen.minimumHeight...500

    /// Refuses a size outside ``widths`` x ``heights``.
    static func validate(width: Int, height: Int) throws {
        guard widths.contains(width), heights.contains(height) else {
            throw ValidationError(
                "--width must be \(widths.lowerBound)...\(widths.upperBound) and --height \(heights.lowerBound)...\(heights.upperBound)"
            )
        }
    }
}
