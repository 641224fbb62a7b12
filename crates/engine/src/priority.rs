//! Thread priorities (nice values on Linux) through `thread-priority`, as
//! the workspace forbids `unsafe`: `ingest`'s reading and preparing threads
//! run behind its pipeline thread, and `serve`'s background work behind its
//! readers.

/// The calling thread's nice value (Linux; `None` elsewhere or unreadable).
pub fn thread_nice() -> Option<i32> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // The fields after the command name, which is in parentheses and may
    // hold anything: the nice value is the 19th field of the line.
    let rest = &stat[stat.rfind(')')? + 1..];
    rest.split_whitespace().nth(16)?.parse().ok()
}

/// Sets the calling thread's nice value (0 to 19); threads it starts
/// inherit it. A value the process may not take (a higher priority without
/// the right to it) leaves the thread as it is, with the reason.
pub fn set_thread_nice(nice: i32) -> Result<(), String> {
    use thread_priority::{set_current_thread_priority, ThreadPriority, ThreadPriorityValue};
    // thread-priority maps its 0..=99 scale onto nice 19..=-20, truncating.
    let level = (99.0 * (18.5 - nice.clamp(0, 19) as f32) / 39.0)
        .round()
        .max(0.0) as u8;
    let value = ThreadPriorityValue::try_from(level)?;
    set_current_thread_priority(ThreadPriority::Crossplatform(value)).map_err(|e| format!("{e:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// On Linux a thread reads its nice value and lowers its own priority,
    /// step by step, without touching the other threads.
    #[test]
    fn a_thread_lowers_its_own_priority() {
        let Some(before) = thread_nice() else {
            return; // no /proc here
        };
        let lowered = std::thread::spawn(move || {
            let mut seen = Vec::new();
            for step in 1..=3 {
                set_thread_nice((before + step).min(19)).unwrap();
                seen.push(thread_nice());
            }
            seen
        })
        .join()
        .unwrap();
        let want: Vec<_> = (1..=3).map(|s| Some((before + s).min(19))).collect();
        assert_eq!(lowered, want);
        assert_eq!(thread_nice(), Some(before));
    }
}
