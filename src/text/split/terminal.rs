//! A candidate boundary at terminal punctuation: the run of dots, `?`,
//! `!`, closing quotes and brackets, and what it decides by what follows.

use super::chars::{
    char_at, is_ascii_ws, is_closer, is_fullwidth_terminal, is_terminal_char, ws_len,
};
use super::line::{Action, Line, NextTok};

/// The punctuation run that starts at a terminal.
struct Run {
    /// Where the run ends.
    j: usize,
    /// Dots at its start ("..." has three).
    lead_dots: usize,
    /// Dots of a spaced ellipsis after them (". . .").
    spaced: usize,
    /// A question or exclamation mark.
    qe: bool,
    /// An ellipsis ("...", "…").
    ell: bool,
    /// A full-width terminal ("。", "？").
    fw: bool,
    seen_closer: bool,
    /// A full stop after a closing quote or bracket.
    dot_after_closer: bool,
    /// Anything after the leading dots.
    others: bool,
}

impl Line<'_> {
    /// A candidate boundary at the terminal punctuation at `i`.
    pub(super) fn on_terminal(&mut self, i: usize) -> Action {
        let bytes = self.bytes;
        let end = self.end;
        // 1. The punctuation run: dots, spaced dots, ?, !, closing quotes and brackets.
        let run = self.punctuation(i);
        let j = run.j;
        if j >= end {
            return Action::Continue(j);
        }
        let single_dot = run.lead_dots == 1 && run.spaced == 0 && !run.others;

        // 2. No space after the run.
        if ws_len(self.text, j) == 0 {
            if run.fw {
                return Action::Break { end: j, next: j };
            }
            if single_dot {
                return self.glued(i, j);
            }
            return Action::Continue(j);
        }
        let k = self.skip_ws(j);
        if k >= end {
            return Action::Continue(k);
        }
        // "[...]" is an omission, never a boundary.
        if (run.lead_dots >= 3 || run.ell) && i > self.line_start && bytes[i - 1] == b'[' {
            return Action::Continue(j);
        }
        if self.quotes.inside(i, j) {
            return Action::Continue(j);
        }
        let nt = self.next_tok(k);
        if nt.term {
            return Action::Continue(j);
        }
        self.decide(i, &run, k, &nt)
    }

    /// The punctuation run from the terminal at `i`.
    fn punctuation(&self, i: usize) -> Run {
        let at = |k: usize| if k < self.end { self.bytes[k] } else { 0 };
        let mut j = i;
        let mut lead_dots = 0usize;
        while at(j) == b'.' {
            lead_dots += 1;
            j += 1;
        }
        let mut spaced = 0usize;
        if lead_dots > 0 {
            while at(j) == b' ' && at(j + 1) == b'.' && !at(j + 2).is_ascii_alphanumeric() {
                j += 2;
                spaced += 1;
                while at(j) == b'.' {
                    j += 1;
                    spaced += 1;
                }
            }
        }
        let mut run = Run {
            j,
            lead_dots,
            spaced,
            qe: false,
            ell: lead_dots >= 2,
            fw: false,
            seen_closer: false,
            dot_after_closer: false,
            others: false,
        };
        self.marks_and_closers(&mut run);
        run.j = self.skip_footnotes(run.j);
        run
    }

    /// Extends the run over terminal marks and closing quotes and brackets.
    fn marks_and_closers(&self, run: &mut Run) {
        while run.j < self.end {
            let Some(c) = char_at(self.text, run.j) else {
                break;
            };
            if is_terminal_char(c) {
                match c {
                    '.' => run.dot_after_closer |= run.seen_closer,
                    '…' => run.ell = true,
                    '?' | '!' | '‼' | '⁇' | '⁈' | '⁉' => run.qe = true,
                    _ => {}
                }
                if is_fullwidth_terminal(c) {
                    run.fw = true;
                    run.qe |= c != '．' && c != '。';
                }
                run.others = true;
            } else if is_closer(c) {
                if matches!(c, '\'' | '’')
                    && char_at(self.text, run.j + c.len_utf8()).is_some_and(char::is_alphanumeric)
                {
                    break;
                }
                run.seen_closer = true;
                run.others = true;
            } else {
                break;
            }
            run.j += c.len_utf8();
        }
    }

    /// Bracketed footnote markers after the full stop: "martyr.[1] The".
    fn skip_footnotes(&self, mut j: usize) -> usize {
        let at = |k: usize| if k < self.end { self.bytes[k] } else { 0 };
        while at(j) == b'[' {
            let mut k = j + 1;
            while k < self.end && k - j <= 4 && self.bytes[k].is_ascii_digit() {
                k += 1;
            }
            if k > j + 1 && at(k) == b']' {
                j = k + 1;
            } else {
                break;
            }
        }
        j
    }

    /// Decides a run at `i`, followed by whitespace and the token `nt` at `k`.
    fn decide(&self, i: usize, run: &Run, k: usize, nt: &NextTok) -> Action {
        let j = run.j;
        let brk = Action::Break { end: j, next: k };
        // 3. ? and !
        if run.qe {
            return if self.question_breaks(i, k, nt) {
                brk
            } else {
                Action::Continue(j)
            };
        }
        if run.fw {
            return if nt.lower { Action::Continue(j) } else { brk };
        }
        // 4. Spaced ellipsis ". . ." / ". . . ."
        if run.spaced > 0 {
            let attached = i > self.line_start && !is_ascii_ws(self.bytes[i - 1]);
            if attached && run.lead_dots == 1 && run.spaced >= 3 && !run.seen_closer {
                // "compounds. . . . The": the full stop ends the sentence and the
                // ellipsis opens the next.
                return if nt.upper {
                    Action::Break {
                        end: i + 1,
                        next: i + 2,
                    }
                } else {
                    Action::Continue(j)
                };
            }
            return if (run.lead_dots + run.spaced >= 4 || run.seen_closer)
                && (nt.upper || nt.marker)
            {
                brk
            } else {
                Action::Continue(j)
            };
        }
        // 5. Ellipsis "..." / "…"
        if run.ell {
            return if nt.upper || nt.marker {
                brk
            } else {
                Action::Continue(j)
            };
        }
        // 6. A full stop followed by a space.
        if self.period_breaks(i, nt, run.dot_after_closer) {
            brk
        } else {
            Action::Continue(j)
        }
    }

    /// Whether a `?` or `!` at `i`, followed by the token `nt` at `k`, ends
    /// the sentence: not before a lower-case word, a dash, or after "Yahoo".
    fn question_breaks(&self, i: usize, k: usize, nt: &NextTok) -> bool {
        let bytes = self.bytes;
        if (nt.lower || nt.digit) && !nt.marker {
            return false;
        }
        if bytes[k..self.end].starts_with(b"--") || bytes[k..self.end].starts_with("—".as_bytes())
        {
            return false;
        }
        let (s, e, _) = self.prev_token(i);
        !(nt.upper && !nt.marker && bytes[s..e].eq_ignore_ascii_case(b"yahoo"))
    }
}
