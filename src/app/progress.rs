//! A progress line on stderr for batches, drawn only when a person is
//! watching (stderr is a terminal) and not `--quiet`.

use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::time::Instant;

pub struct Progress {
    state: Option<Mutex<State>>,
}

struct State {
    total: usize,
    done: usize,
    bytes: usize,
    started: Instant,
    last_draw: Instant,
}

impl Progress {
    pub fn new(total: usize, quiet: bool) -> Progress {
        let show = !quiet && total > 1 && std::io::stderr().is_terminal();
        let now = Instant::now();
        Progress {
            state: show.then(|| {
                Mutex::new(State {
                    total,
                    done: 0,
                    bytes: 0,
                    started: now,
                    last_draw: now,
                })
            }),
        }
    }

    pub fn advance(&self, bytes: usize) {
        let Some(m) = &self.state else { return };
        let mut s = m.lock().unwrap_or_else(|e| e.into_inner());
        s.done += 1;
        s.bytes += bytes;
        if s.last_draw.elapsed().as_millis() < 100 && s.done < s.total {
            return;
        }
        s.last_draw = Instant::now();
        let secs = s.started.elapsed().as_secs_f64().max(1e-6);
        let rate = s.done as f64 / secs;
        let eta = (s.total - s.done) as f64 / rate.max(1e-6);
        let _ = write!(
            std::io::stderr(),
            "\r\x1b[2K{}/{} files  {:.1} MB/s  ETA {:.0}s",
            s.done,
            s.total,
            s.bytes as f64 / 1e6 / secs,
            eta
        );
    }

    pub fn finish(&self) {
        if self.state.is_some() {
            let _ = write!(std::io::stderr(), "\r\x1b[2K");
        }
    }
}
