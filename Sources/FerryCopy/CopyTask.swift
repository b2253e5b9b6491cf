/// One unit of work for a worker: a chunk of a file job (chunk 0 for small files, symlinks
/// and checksum comparisons).
struct CopyTask: Sendable {
    /// The job the chunk belongs to.
    let job: FileJob
    /// Index into the job's chunks.
    let chunk: Int
}
