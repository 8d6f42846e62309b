use super::*;

fn texts(s: &str) -> Vec<&str> {
    split(s).iter().map(|x| &s[x.start..x.end]).collect()
}

#[test]
fn a_sentence_may_start_with_a_number() {
    assert_eq!(
        texts("Officers seized 460.5g of cocaine. 64 arrests were made."),
        vec![
            "Officers seized 460.5g of cocaine.",
            "64 arrests were made."
        ]
    );
    assert_eq!(
        texts("See No. 5 and p. 55 on Jan. 6 please."),
        vec!["See No. 5 and p. 55 on Jan. 6 please."]
    );
}

#[test]
fn empty_and_blank_inputs() {
    assert!(split("").is_empty());
    assert!(split("   \n \n\n  ").is_empty());
    assert_eq!(texts("."), vec!["."]);
    assert_eq!(texts("?!?"), vec!["?!?"]);
    assert_eq!(texts(". . ."), vec![". . ."]);
    assert_eq!(texts("! ! !"), vec!["! ! !"]);
    assert_eq!(texts("\"\"''“”’‘"), vec!["\"\"''“”’‘"]);
}

#[test]
fn simple_sentences() {
    assert_eq!(
        texts("Hello World. My name is Jonas."),
        vec!["Hello World.", "My name is Jonas."]
    );
    assert_eq!(
        texts("What is your name? My name is Jonas."),
        vec!["What is your name?", "My name is Jonas."]
    );
    assert_eq!(
        texts("There it is! I found it."),
        vec!["There it is!", "I found it."]
    );
    assert_eq!(
        texts("Hello?! Is that you?"),
        vec!["Hello?!", "Is that you?"]
    );
}

#[test]
fn line_breaks_end_sentences_and_paragraphs() {
    let s = "POLICE SEIZE DRUGS\nOfficers found cash. A man was held\n\n\n  • Crimestoppers – call 0800 555 111\nEnd";
    let got = split(s);
    let t: Vec<&str> = got.iter().map(|x| &s[x.start..x.end]).collect();
    assert_eq!(
        t,
        vec![
            "POLICE SEIZE DRUGS",
            "Officers found cash.",
            "A man was held",
            "• Crimestoppers – call 0800 555 111",
            "End"
        ]
    );
    let paras: Vec<usize> = got.iter().map(|x| x.paragraph).collect();
    assert_eq!(paras, vec![0, 1, 1, 2, 3]);
}

#[test]
fn titles_and_abbreviations() {
    for s in [
        "Mr. Smith and Mrs. Jones met Dr. Who and Det. Sgt. Brown.",
        "Ch. Insp. Ann Lee and Supt. Bob Day spoke to Cllr. Roe and Const. May.",
        "PC. Hill, DC. Ray, DS. Kay and DI. Fox arrived with Lt. Col. Gen. Lee.",
        "Gov. Ray, Sen. Kay, Rep. Fox, Hon. Lee, Rev. Day and Prof. Hill agreed.",
        "BNN Chief Com. Gen. Budi Santoso and Comr. Gen. Ali Hasan spoke to Insp. Gen. Roe.",
        "Cst. Andrew Watters and Ofc. Jo Reyes spoke to Maj. Tom Hill.",
        "John Smith Jr. and Bob Smith Sr. live on St. Mary's Rd. near Mt. Hood.",
        "He works for Acme Co. Ltd. in Leeds and for Foo Inc. and Bar Corp. too.",
        "It was Smith vs. Jones, i.e. a dispute, e.g. about approx. 5kg of drugs.",
        "It happened on Jan. 5, Feb. 6, Mar. 7, Apr. 8, Jun. 9, Jul. 10 and Aug. 11.",
        "Then Sept. 12, Sep. 13, Oct. 14, Nov. 15 and Dec. 16 followed.",
        "Smith v. Jones was heard at No. 1 Court.",
        "They live at 5 Main Ave. in the town of Ft. Worth near Gen. Lee Blvd. in town.",
    ] {
        assert_eq!(texts(s), vec![s], "{s}");
    }
    assert_eq!(
        texts("We seized drugs, cash, phones etc. Officers then left."),
        vec!["We seized drugs, cash, phones etc.", "Officers then left."]
    );
    assert_eq!(
        texts("They closed the deal with Pitt, Briggs & Co. It closed yesterday."),
        vec![
            "They closed the deal with Pitt, Briggs & Co.",
            "It closed yesterday."
        ]
    );
}

#[test]
fn us_and_uk() {
    assert_eq!(
        texts("I live in the U.S. How about you?"),
        vec!["I live in the U.S.", "How about you?"]
    );
    let s = "I work for the U.S. Government in Virginia.";
    assert_eq!(texts(s), vec![s]);
    let s = "The U.K. Panel said it was true. He left the U.K. He went home.";
    assert_eq!(
        texts(s),
        vec![
            "The U.K. Panel said it was true.",
            "He left the U.K.",
            "He went home."
        ]
    );
}

#[test]
fn am_pm() {
    let s = "At 5 a.m. Mr. Smith went to the bank. He left the bank at 6 P.M. Mr. Smith then went to the store.";
    assert_eq!(
        texts(s),
        vec![
            "At 5 a.m. Mr. Smith went to the bank.",
            "He left the bank at 6 P.M.",
            "Mr. Smith then went to the store."
        ]
    );
    let s = "The raid began at 6 a.m. Tuesday and ended at 3.5 p.m. on the same day.";
    assert_eq!(texts(s), vec![s]);
    let s = "Prince George, B.C. – The RCMP said a raid began at 6 a.m. – early.";
    assert_eq!(texts(s), vec![s]);
}

#[test]
fn decimals_and_money() {
    for s in [
        "Officers seized £30,240.89 in cash and 1.5kg of cocaine.",
        "The haul was worth $3.2m and weighed 172.385 kilograms.",
        "She has $100.00 in her bag.",
    ] {
        assert_eq!(texts(s), vec![s]);
    }
    assert_eq!(
        texts("She has $100.00. It is in her bag."),
        vec!["She has $100.00.", "It is in her bag."]
    );
}

#[test]
fn initials() {
    for s in [
        "The book by J. R. R. Tolkien was found.",
        "Marcus K. Kennedy was charged.",
        "My name is Jonas E. Smith.",
        "I went to J.C. Penney.",
    ] {
        assert_eq!(texts(s), vec![s]);
    }
    assert_eq!(
        texts("We make a good team, you and I. Did you see Albert I. Jones yesterday?"),
        vec![
            "We make a good team, you and I.",
            "Did you see Albert I. Jones yesterday?"
        ]
    );
}

#[test]
fn missing_space_after_full_stop() {
    let s = "Chief Inspector Marcus Kennedy.Chief Inspector Marcus Kennedy. (Image: Newsquest)";
    assert_eq!(
        texts(s),
        vec![
            "Chief Inspector Marcus Kennedy.",
            "Chief Inspector Marcus Kennedy.",
            "(Image: Newsquest)"
        ]
    );
    assert_eq!(
        texts("Hello world.Today is Tuesday.Mr. Smith went to the store and bought 1,000.That is a lot."),
        vec![
            "Hello world.",
            "Today is Tuesday.",
            "Mr. Smith went to the store and bought 1,000.",
            "That is a lot."
        ]
    );
    for s in [
        "I visited the U.S.A last year.",
        "Use e.g.Example when needed.",
        "See www.met.police.uk or police.uk for details.",
        "Visit www.testurl.Awesome.com today.",
        "Mail Jane.Doe@example.com now.",
    ] {
        assert_eq!(texts(s), vec![s], "{s}");
    }
}

#[test]
fn closing_quotes_and_brackets() {
    assert_eq!(
        texts("He said: \"It is done.\" Then he left."),
        vec!["He said: \"It is done.\"", "Then he left."]
    );
    assert_eq!(
        texts("He said: “It is done.” Then he left."),
        vec!["He said: “It is done.”", "Then he left."]
    );
    assert_eq!(
        texts("He said: ‘It is done.’ Then he left."),
        vec!["He said: ‘It is done.’", "Then he left."]
    );
    assert_eq!(
        texts("He was held (on remand.) Then he left."),
        vec!["He was held (on remand.)", "Then he left."]
    );
    assert_eq!(
        texts("He was held [see note.] Then he left."),
        vec!["He was held [see note.]", "Then he left."]
    );
    let s = "He teaches science (He previously worked for 5 years as an engineer.) at the local University.";
    assert_eq!(texts(s), vec![s]);
}

#[test]
fn question_and_exclamation_in_quotes() {
    let s = "\"Why?\" he asked.";
    assert_eq!(texts(s), vec![s]);
    let s = "“Stop!” she shouted at the men.";
    assert_eq!(texts(s), vec![s]);
    assert_eq!(texts("\"Why?\" He left."), vec!["\"Why?\"", "He left."]);
    let s = "She works at Yahoo! in the accounting department.";
    assert_eq!(texts(s), vec![s]);
}

#[test]
fn ellipsis() {
    assert_eq!(
        texts("I never meant that.... She left the store."),
        vec!["I never meant that....", "She left the store."]
    );
    let s = "I wasn’t really ... well, what I mean...see . . . what I'm saying, the thing is . . . I didn’t mean it.";
    assert_eq!(texts(s), vec![s]);
    let s = "One further habit which was somewhat weakened . . . was that of combining words into self-interpreting compounds. . . . The practice was not abandoned. . . .";
    assert_eq!(texts(s), vec![
        "One further habit which was somewhat weakened . . . was that of combining words into self-interpreting compounds.",
        ". . . The practice was not abandoned. . . ."
    ]);
    let s = "\"Bohr [...] used the analogy of parallel stairways [...]\" (Smith 55).";
    assert_eq!(texts(s), vec![s]);
    assert_eq!(
        texts("He paused… Then he ran."),
        vec!["He paused…", "Then he ran."]
    );
}

#[test]
fn lists() {
    assert_eq!(
        texts("1.) The first item 2.) The second item"),
        vec!["1.) The first item", "2.) The second item"]
    );
    assert_eq!(
        texts("1. The first item. 2. The second item."),
        vec!["1. The first item.", "2. The second item."]
    );
    assert_eq!(
        texts("• 9. The first item • 10. The second item"),
        vec!["• 9. The first item", "• 10. The second item"]
    );
    assert_eq!(
        texts("a. The first item b. The second item c. The third list item"),
        vec![
            "a. The first item",
            "b. The second item",
            "c. The third list item"
        ]
    );
    assert_eq!(
        texts("(a) Hello world. (b) Hello world."),
        vec!["(a) Hello world.", "(b) Hello world."]
    );
}

#[test]
fn quotations_are_kept_whole() {
    let s =
        "Det Sgt Ann Lee said: \"We found 2kg of cocaine. The men were arrested.\" Officers left.";
    assert_eq!(
        texts(s),
        vec![
            "Det Sgt Ann Lee said: \"We found 2kg of cocaine. The men were arrested.\"",
            "Officers left."
        ]
    );
    // An unmatched quotation mark does not stop splitting.
    assert_eq!(
        texts("He bought a 6\" pipe. He left. She stayed."),
        vec!["He bought a 6\" pipe.", "He left.", "She stayed."]
    );
    assert_eq!(
        texts("“We will not tolerate this,” she said. “Call 101.” He left."),
        vec![
            "“We will not tolerate this,” she said.",
            "“Call 101.”",
            "He left."
        ]
    );
}

#[test]
fn footnotes_dashes_and_pages() {
    assert_eq!(
        texts("He was a martyr.[1] The emperor left."),
        vec!["He was a martyr.[1]", "The emperor left."]
    );
    assert_eq!(
        texts("It is in the Journal (1987).1 According to it, yes."),
        vec!["It is in the Journal (1987).1", "According to it, yes."]
    );
    assert_eq!(
        texts("She said, \"If you please, sir--\" The Rabbit ran."),
        vec!["She said, \"If you please, sir--\"", "The Rabbit ran."]
    );
    let s = "Mix it, put it in the oven, and -- voila! -- you have cake.";
    assert_eq!(texts(s), vec![s]);
    assert_eq!(
        texts("Please turn to p. 55. Were Jane and co. at the party?"),
        vec!["Please turn to p. 55.", "Were Jane and co. at the party?"]
    );
    assert_eq!(
        texts("1) The first item 2) The second item 1) The first item."),
        vec![
            "1) The first item",
            "2) The second item",
            "1) The first item."
        ]
    );
}

#[test]
fn multibyte_spans_on_char_boundaries() {
    let s = "Der Täter floh. “Wir suchen Zeugen”, sagte die Polizei. 東京で逮捕。Next one… Ünter. ǃXũ said £5.";
    let got = split(s);
    assert!(got.len() >= 3);
    let mut last = 0;
    for x in &got {
        assert!(s.is_char_boundary(x.start) && s.is_char_boundary(x.end));
        assert!(x.start < x.end && x.start >= last);
        let t = &s[x.start..x.end];
        assert_eq!(t, t.trim());
        last = x.end;
    }
    assert_eq!(
        texts("Test strange period．Does it segment correctly．"),
        vec!["Test strange period．", "Does it segment correctly．"]
    );
}

#[test]
fn never_panics_on_odd_input() {
    let samples = [
        "",
        " ",
        ".",
        "..",
        "...",
        "\n",
        "\n\n.\n",
        "a.",
        ".a",
        "A.B",
        "1.",
        "1)",
        "(a)",
        "• ",
        "•",
        "“",
        "‘’",
        "\"",
        "'",
        "[",
        "[1",
        ".[1]",
        ". . . .",
        "? ? ?",
        "Mr.",
        "U.S.",
        "a.m. Mr.",
        "x.1",
        "x.1 ",
        "x.1 2",
        "x.1 A",
        "é.É",
        "…",
        "．",
        "!”",
        "1. 2. 3.",
        "((((",
        "a) b) c)",
        "9) 10) 11)",
        "99. 100.",
    ];
    for s in samples {
        let got = split(s);
        for x in &got {
            assert!(x.start < x.end && x.end <= s.len());
            assert!(s.is_char_boundary(x.start) && s.is_char_boundary(x.end));
        }
    }
    // Every prefix of a tricky string.
    let s = "He said: “Why?” — “Mr. Ó’Brien.” A.B. 1.) é… [1]. . . . U.S.A. Ltd.Co";
    for (i, _) in s.char_indices() {
        let _ = split(&s[..i]);
        let _ = split(&s[i..]);
    }
}

use crate::testing::finishes;

#[test]
fn long_line_without_full_stop_finishes() {
    let mut s = String::with_capacity(1 << 20);
    while s.len() < (1 << 20) {
        s.push_str("a man was arrested and “charged’ with ‘possession \" of drugs ");
    }
    let got = finishes(move || split(&s));
    assert_eq!(got.len(), 1);
    let mut dots = String::new();
    while dots.len() < (1 << 20) {
        dots.push_str("a.b.c. . . .\" ' ? ! U.S. Mr. ");
    }
    finishes(move || split(&dots));
}

/// A unit's full stop before the same weight in brackets ends no
/// sentence: "1,200 lbs. (544 kg) of cocaine" was split after "lbs.", and
/// the cocaine went to the next weight (a US Navy release). A bracket
/// after another word's full stop still may.
#[test]
fn unit_abbreviation_before_a_bracketed_conversion() {
    assert_eq!(
        texts("The crew seized 1,200 lbs. (544 kg) of cocaine and 300 lbs. (136 kg) of marijuana."),
        ["The crew seized 1,200 lbs. (544 kg) of cocaine and 300 lbs. (136 kg) of marijuana."]
    );
    assert_eq!(
        texts("They seized 40 kg. (The drugs were hidden in a tyre.)"),
        ["They seized 40 kg.", "(The drugs were hidden in a tyre.)"]
    );
    assert_eq!(
        texts("The boat was searched in port. (2) Officers then left."),
        ["The boat was searched in port.", "(2) Officers then left."]
    );
}
