// The tolerance helper (`expectClose`), scratch directories and tree fixtures live in the shared
// FerryTestSupport target; re-exported so every file of this target sees them.
@_exported import FerryTestSupport
