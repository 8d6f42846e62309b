//! Helpers for the unit tests.

/// Fails, instead of running on, when `f` has not returned after five
/// minutes: a hang guard for inputs that once made a stage quadratic, not a
/// speed limit (speed is measured in the benchmark, never asserted).
pub(crate) fn finishes<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(f()));
    rx.recv_timeout(std::time::Duration::from_secs(300))
        .expect("did not finish (hung or panicked)")
}
