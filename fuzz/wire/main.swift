import Foundation

// SwiftPM gives an executable its own entry point, so libFuzzer's main is not linked in: start its driver here,
// with the target's test function. (Declared here because libFuzzer ships no Swift module; the arguments are
// pointers and an int, passed alike by the Swift and C conventions.)
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ test: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(runFuzzerDriver(&argc, &argv, fuzzWire))
