#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The Linux extended-attribute calls (`<sys/xattr.h>`), which Swift's Glibc module does
/// not export: looked up once with `dlsym`. Where a symbol is missing, the wrapper reports
/// `ENOTSUP`, which the engine reads as "this filesystem has no extended attributes".
/// Only `PosixSystemCalls` calls these.
enum Xattr {
    typealias List = @convention(c) (UnsafePointer<CChar>, UnsafeMutablePointer<CChar>?, Int) -> Int
    typealias FList = @convention(c) (Int32, UnsafeMutablePointer<CChar>?, Int) -> Int
    typealias Get = @convention(c) (UnsafePointer<CChar>, UnsafePointer<CChar>, UnsafeMutableRawPointer?, Int) -> Int
    typealias FGet = @convention(c) (Int32, UnsafePointer<CChar>, UnsafeMutableRawPointer?, Int) -> Int
    typealias Set = @convention(c) (UnsafePointer<CChar>, UnsafePointer<CChar>, UnsafeRawPointer?, Int, Int32) -> Int32
    typealias FSet = @convention(c) (Int32, UnsafePointer<CChar>, UnsafeRawPointer?, Int, Int32) -> Int32
    typealias Remove = @convention(c) (UnsafePointer<CChar>, UnsafePointer<CChar>) -> Int32

    /// The resolved functions (each falls back to failing with `ENOTSUP`).
    struct Functions: @unchecked Sendable {
        let llist: List
        let flist: FList
        let lget: Get
        let fget: FGet
        let lset: Set
        let fset: FSet
        let lremove: Remove
    }

    static let functions: Functions = {
        let handle = dlopen(nil, RTLD_NOW)
        func lookup<F>(_ name: String, as type: F.Type) -> F? {
            guard let handle, let symbol = dlsym(handle, name) else { return nil }
            return unsafeBitCast(symbol, to: type)
        }
        return Functions(
            llist: lookup("llistxattr", as: List.self) ?? { _, _, _ in errno = ENOTSUP; return -1 },
            flist: lookup("flistxattr", as: FList.self) ?? { _, _, _ in errno = ENOTSUP; return -1 },
            lget: lookup("lgetxattr", as: Get.self) ?? { _, _, _, _ in errno = ENOTSUP; return -1 },
            fget: lookup("fgetxattr", as: FGet.self) ?? { _, _, _, _ in errno = ENOTSUP; return -1 },
            lset: lookup("lsetxattr", as: Set.self) ?? { _, _, _, _, _ in errno = ENOTSUP; return -1 },
            fset: lookup("fsetxattr", as: FSet.self) ?? { _, _, _, _, _ in errno = ENOTSUP; return -1 },
            lremove: lookup("lremovexattr", as: Remove.self) ?? { _, _ in errno = ENOTSUP; return -1 })
    }()
}
