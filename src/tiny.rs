//! The `tiny` release build: a trapping panic handler and a small allocator.
//!
//! Nothing in the SDK is meant to panic (untrusted input goes through `Result` paths, and the
//! property tests check that); if something did, the module traps with a `RuntimeError` instead
//! of formatting a message, which keeps all panic-formatting code out of the download.

#[cfg(not(all(target_arch = "wasm32", not(target_feature = "atomics"))))]
compile_error!("the `tiny` feature is only for single-threaded wasm32 builds");

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}

// SAFETY: wasm32 without the `atomics` target feature (checked above) runs exactly one thread, so
// the allocator can never be entered concurrently.
#[allow(unsafe_code)]
#[global_allocator]
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };
