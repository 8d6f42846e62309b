//! Times of day written next to a date.

/// "08:35" from "8:35am", "8.35 p.m.", "2030hrs", "20:30", "noon".
pub(super) fn parse_time(t: &str) -> Option<String> {
    let lower = t.trim().to_ascii_lowercase();
    match lower.as_str() {
        "noon" | "midday" => return Some("12:00".into()),
        "midnight" => return Some("00:00".into()),
        _ => {}
    }
    let digits: String = lower.chars().filter(|c| c.is_ascii_digit()).collect();
    let letters: String = lower.chars().filter(|c| c.is_ascii_alphabetic()).collect();
    let (mut h, mi): (u32, u32) = match digits.len() {
        1 | 2 => (digits.parse().ok()?, 0),
        3 => (digits[..1].parse().ok()?, digits[1..].parse().ok()?),
        4 => (digits[..2].parse().ok()?, digits[2..].parse().ok()?),
        _ => return None,
    };
    let pm = letters.starts_with('p');
    let am = letters.starts_with('a');
    if pm || am {
        if !(1..=12).contains(&h) {
            return None;
        }
        if pm && h != 12 {
            h += 12;
        }
        if am && h == 12 {
            h = 0;
        }
    }
    (h < 24 && mi < 60).then(|| format!("{h:02}:{mi:02}"))
}
