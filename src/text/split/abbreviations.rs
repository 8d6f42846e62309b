//! Word lists: abbreviations, the words that usually start a sentence, and
//! the words around a time ("5 a.m. Monday").

/// How a word before a full stop behaves as an abbreviation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Abbr {
    /// Not a known abbreviation.
    None,
    /// A title before a name ("Mr", "Det", "Insp"): never ends a sentence when capitalised.
    Title,
    /// Never ends a sentence ("vs", "e.g", "approx").
    NeverFinal,
    /// May end a sentence, before a usual sentence starter ("Co", "Ltd", "Jan").
    Other,
}

/// Classifies a word (ASCII, any case) as an abbreviation.
pub(super) fn abbr_class(tok: &[u8]) -> Abbr {
    const MAX: usize = 6;
    if tok.is_empty() || tok.len() > MAX {
        return Abbr::None;
    }
    let mut buf = [0u8; MAX];
    for (d, s) in buf.iter_mut().zip(tok) {
        *d = s.to_ascii_lowercase();
    }
    match &buf[..tok.len()] {
        // Titles that precede a name.
        b"mr" | b"mrs" | b"ms" | b"mx" | b"messrs" | b"mme" | b"mlle" | b"dr" | b"det" | b"sgt"
        | b"insp" | b"supt" | b"ch" | b"chf" | b"cllr" | b"coun" | b"const" | b"pc" | b"dc"
        | b"ds" | b"di" | b"dci" | b"dcs" | b"psn" | b"pcso" | b"lt" | b"lieut" | b"capt"
        | b"cpt" | b"col" | b"gen" | b"gov" | b"sen" | b"rep" | b"reps" | b"hon" | b"rt"
        | b"rev" | b"fr" | b"prof" | b"st" | b"mt" | b"ft" | b"pres" | b"cmdr" | b"cdr"
        | b"comdr" | b"adm" | b"maj" | b"brig" | b"cpl" | b"pte" | b"pvt" | b"asst" | b"dep"
        | b"atty" | b"com" | b"comr" | b"commr" | b"cst" | b"ofc" => Abbr::Title,
        // Never sentence-final.
        b"vs" | b"v" | b"cf" | b"viz" | b"approx" | b"ca" | b"circa" | b"incl" | b"e.g"
        | b"i.e" | b"eg" | b"ie" | b"fig" | b"figs" | b"nos" => Abbr::NeverFinal,
        // May end a sentence.
        b"co" | b"ltd" | b"inc" | b"corp" | b"plc" | b"llc" | b"llp" | b"bros" | b"jan"
        | b"feb" | b"mar" | b"apr" | b"jun" | b"jul" | b"aug" | b"sep" | b"sept" | b"oct"
        | b"nov" | b"dec" | b"mon" | b"tue" | b"tues" | b"wed" | b"thu" | b"thur" | b"thurs"
        | b"fri" | b"sat" | b"sun" | b"ave" | b"rd" | b"blvd" | b"hwy" | b"ln" | b"cres"
        | b"sq" | b"min" | b"mins" | b"hr" | b"hrs" | b"ind" | b"med" | b"dept" | b"est"
        | b"govt" | b"ibid" | b"al" | b"esp" | b"misc" | b"tel" | b"ext" | b"dist" | b"univ"
        | b"assn" | b"intl" | b"natl" | b"max" | b"yr" | b"yrs" | b"wk" | b"wks" | b"btw"
        | b"aka" | b"ph.d" | b"p.o" | b"ed" | b"eds" | b"vol" | b"vols" | b"pp" | b"esq" => {
            Abbr::Other
        }
        _ => Abbr::None,
    }
}

/// Words that usually start a sentence (pragmatic_segmenter's list plus news words).
pub(super) fn is_starter(w: &[u8]) -> bool {
    matches!(
        w,
        b"A" | b"Being"
            | b"Did"
            | b"For"
            | b"He"
            | b"How"
            | b"However"
            | b"I"
            | b"In"
            | b"It"
            | b"Millions"
            | b"More"
            | b"She"
            | b"That"
            | b"The"
            | b"There"
            | b"They"
            | b"We"
            | b"What"
            | b"When"
            | b"Where"
            | b"Who"
            | b"Why"
            | b"After"
            | b"An"
            | b"And"
            | b"Anyone"
            | b"As"
            | b"At"
            | b"But"
            | b"Detectives"
            | b"During"
            | b"Following"
            | b"Her"
            | b"His"
            | b"If"
            | b"Its"
            | b"Officers"
            | b"On"
            | b"Our"
            | b"Police"
            | b"So"
            | b"Some"
            | b"Their"
            | b"Then"
            | b"These"
            | b"This"
            | b"Those"
            | b"While"
            | b"You"
            | b"Your"
            | b"Meanwhile"
            | b"Both"
            | b"Two"
            | b"Three"
            | b"Four"
            | b"Five"
    )
}

/// Starters that may follow a one-letter token that is not an initial.
pub(super) fn is_initial_starter(w: &[u8]) -> bool {
    matches!(
        w,
        b"The"
            | b"He"
            | b"She"
            | b"It"
            | b"They"
            | b"We"
            | b"This"
            | b"These"
            | b"Those"
            | b"There"
            | b"Police"
            | b"Officers"
            | b"His"
            | b"Her"
            | b"Their"
    )
}

/// Words after "a.m." / "p.m." that continue the sentence.
pub(super) fn is_time_follower(w: &[u8]) -> bool {
    matches!(
        w,
        b"Monday"
            | b"Tuesday"
            | b"Wednesday"
            | b"Thursday"
            | b"Friday"
            | b"Saturday"
            | b"Sunday"
            | b"Mon"
            | b"Tue"
            | b"Tues"
            | b"Wed"
            | b"Thu"
            | b"Thur"
            | b"Thurs"
            | b"Fri"
            | b"Sat"
            | b"Sun"
            | b"January"
            | b"February"
            | b"March"
            | b"April"
            | b"May"
            | b"June"
            | b"July"
            | b"August"
            | b"September"
            | b"October"
            | b"November"
            | b"December"
            | b"Jan"
            | b"Feb"
            | b"Mar"
            | b"Apr"
            | b"Jun"
            | b"Jul"
            | b"Aug"
            | b"Sep"
            | b"Sept"
            | b"Oct"
            | b"Nov"
            | b"Dec"
            | b"GMT"
            | b"BST"
            | b"UTC"
            | b"EST"
            | b"EDT"
            | b"CST"
            | b"CDT"
            | b"MST"
            | b"MDT"
            | b"PST"
            | b"PDT"
            | b"ET"
            | b"CT"
            | b"MT"
            | b"PT"
            | b"AEST"
            | b"AEDT"
            | b"IST"
            | b"CET"
            | b"CEST"
    )
}

/// First words of a sentence (lowercased) that make "At 5 a.m. Mr. Smith ..." one sentence.
pub(super) fn is_time_prep(w: &[u8]) -> bool {
    matches!(
        w,
        b"at"
            | b"by"
            | b"from"
            | b"until"
            | b"till"
            | b"around"
            | b"about"
            | b"before"
            | b"after"
            | b"shortly"
            | b"just"
            | b"since"
            | b"on"
            | b"between"
            | b"approximately"
            | b"sometime"
            | b"roughly"
    )
}

/// `U.S`, `e.g`, `a.m`, `Ph.D`, `J.C`: one or two letters, dot, repeated.
pub(super) fn is_multi_period(w: &[u8]) -> bool {
    let mut seg = 0usize;
    let mut dots = 0usize;
    for &b in w {
        if b.is_ascii_alphabetic() {
            seg += 1;
            if seg > 2 {
                return false;
            }
        } else if b == b'.' {
            if seg == 0 {
                return false;
            }
            seg = 0;
            dots += 1;
        } else {
            return false;
        }
    }
    dots > 0 && seg > 0
}

pub(super) fn is_am_pm(w: &[u8]) -> bool {
    w.eq_ignore_ascii_case(b"a.m") || w.eq_ignore_ascii_case(b"p.m")
}

/// Words after which a full stop and a number do not end the sentence
/// ("No. 5", "p. 55", "Jan. 6").
pub(super) const BEFORE_NUMBERS: &[&[u8]] = &[
    b"no",
    b"nos",
    b"nr",
    b"pp",
    b"para",
    b"paras",
    b"art",
    b"arts",
    b"sec",
    b"secs",
    b"vol",
    b"vols",
    b"tel",
    b"ref",
    b"op",
    b"ch",
    b"chap",
    b"pt",
    b"pts",
    b"col",
    b"tab",
    b"ex",
    b"rm",
    b"apt",
    b"ste",
    b"bldg",
    b"flat",
    b"unit",
    b"jr",
    b"sr",
    b"rs",
    b"est",
    b"tk",
    b"january",
    b"february",
    b"march",
    b"april",
    b"may",
    b"june",
    b"july",
    b"august",
    b"september",
    b"october",
    b"november",
    b"december",
];
