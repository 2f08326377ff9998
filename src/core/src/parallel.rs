//! A small work-stealing parallel map over a slice, on scoped standard threads.
//!
//! Used for the two shapes of IoC work (many patterns over one big text, one pattern
//! set over many cells) and available to later capabilities. Results keep the input
//! order. No thread pool is kept alive between calls, so nothing lingers across a
//! `fork` (Spark and Jupyter fork worker processes).
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Apply `f` to every item, using up to `threads` threads; items are handed out in
/// blocks of `block` so cheap items do not pay one hand-off each.
pub fn par_map<I: Sync, T: Send>(
    items: &[I],
    threads: usize,
    block: usize,
    f: impl Fn(&I) -> T + Sync,
) -> Vec<T> {
    let block = block.max(1);
    let blocks = items.len().div_ceil(block);
    let threads = threads.min(blocks);
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Vec<T>>> = (0..blocks).map(|_| Mutex::new(Vec::new())).collect();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let b = next.fetch_add(1, Ordering::Relaxed);
                let Some(chunk) = items.chunks(block).nth(b) else {
                    break;
                };
                let out: Vec<T> = chunk.iter().map(&f).collect();
                if let Some(Ok(mut guard)) = slots.get(b).map(|s| s.lock()) {
                    *guard = out;
                }
            });
        }
    });
    slots
        .into_iter()
        .flat_map(|s| s.into_inner().unwrap_or_default())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::par_map;

    #[test]
    fn keeps_order_with_and_without_threads() {
        let items: Vec<u32> = (0..1000).collect();
        let expected: Vec<u32> = items.iter().map(|x| x * 2).collect();
        assert_eq!(par_map(&items, 1, 7, |x| x * 2), expected);
        assert_eq!(par_map(&items, 4, 7, |x| x * 2), expected);
        assert!(par_map(&[] as &[u32], 4, 7, |x| *x).is_empty());
    }
}
