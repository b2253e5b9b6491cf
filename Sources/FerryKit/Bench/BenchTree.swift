import Foundation

/// An existing tree the bench copies as it is (a stratified sample of a user's tree), beside
/// the generated profiles.
public struct BenchTree: Sendable, Equatable {
    /// Name used for the samples' `profile` column, e.g. `sample-doc`.
    public var name: String
    /// The directory to copy.
    public var path: String
    /// Regular files in it.
    public var files: Int
    /// Bytes of regular files.
    public var bytes: Int64
    /// Directories, root included.
    public var directories: Int

    /// Creates a tree description (see the fields).
    public init(name: String, path: String, files: Int, bytes: Int64, directories: Int) {
        self.name = name
        self.path = path
        self.files = files
        self.bytes = bytes
        self.directories = directories
    }
}
