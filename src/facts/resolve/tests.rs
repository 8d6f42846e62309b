use crate::record::Record;
use crate::rules::{Kind, RuleSet};
use crate::Extractor;
use std::sync::OnceLock;

fn extract(text: &str) -> Record {
    static EX: OnceLock<Extractor> = OnceLock::new();
    EX.get_or_init(|| Extractor::new(RuleSet::builtin().expect("built-in rules load")))
        .extract("-", text)
}

fn cash(text: &str) -> Vec<(f64, String, String, bool)> {
    extract(text)
        .cash
        .into_iter()
        .map(|m| (m.amount, m.currency, m.role, m.approximate))
        .collect()
}

/// Dots between groups of three digits are thousands in a money amount
/// ("87.500 euros" was read as 87.5); a decimal point stays one.
#[test]
fn dotted_thousands_in_money() {
    let got = cash(
        "Police found 1,5 tonnes of hashish, as well as 87.500 euros in cash and €2.50 in coins.",
    );
    let amounts: Vec<f64> = got.iter().map(|c| c.0).collect();
    assert_eq!(amounts, [87500.0, 2.5], "{got:?}");
    assert_eq!(
        cash("The ganja was valued at $6.358 million.")[0].0,
        6_358_000.0
    );
}

/// The strength in brackets inside a count of pills is no second
/// seizure: "Xanax (2 mg)" gave alprazolam 2 mg beside the 90 bars.
#[test]
fn a_strength_inside_a_count_of_pills_is_no_seizure() {
    for text in [
        "Officers recovered 90 suspected Xanax (2 mg) bars from the vehicle.",
        "Officers recovered 600 fentanyl (30 mg) pills from the vehicle.",
    ] {
        let got: Vec<(String, f64, String)> = extract(text)
            .seizures
            .into_iter()
            .map(|s| (s.drug, s.quantity, s.unit))
            .collect();
        assert_eq!(got.len(), 1, "{text}: {got:?}");
        assert_eq!(got[0].2, "pill", "{text}: {got:?}");
    }
}

/// Grams per unit, against the international definitions written out
/// here (1 lb = 453.59237 g, 1 oz = 1/16 lb), not the table under test.
#[test]
fn unit_factors_give_grams() {
    let rec = extract(
        "Police seized 2 pounds of cocaine, 3 ounces of heroin, 1.5 tonnes of cannabis, 4kg of khat and 250mg of fentanyl.",
    );
    let got: Vec<(String, Option<f64>)> = rec
        .seizures
        .iter()
        .map(|s| (s.unit.clone(), s.grams))
        .collect();
    let lb = 453.59237;
    let want = [
        ("lb", 2.0 * lb),
        ("oz", 3.0 * lb / 16.0),
        ("t", 1.5e6),
        ("kg", 4000.0),
        ("mg", 0.25),
    ];
    assert_eq!(got.len(), want.len(), "{got:?}");
    for ((unit, grams), (wu, wg)) in got.iter().zip(want) {
        assert_eq!(unit, wu);
        let g = grams.expect("a mass has grams");
        assert!((g - wg).abs() < 1e-3, "{unit}: {g} g, want {wg}");
    }
    // Counted units have no mass.
    let rec = extract("Officers found 30 pills of MDMA and 12 cannabis plants.");
    assert!(
        rec.seizures.iter().all(|s| s.grams.is_none()),
        "{:?}",
        rec.seizures
    );
}

/// Each currency sign and multiplier word to its ISO code and amount.
#[test]
fn currency_symbols_and_multiplier_words() {
    let got = cash(
        "Officers found J$40,000, TT$1.2m, US$13,500, Rs 5 lakh, ₹2 crore, €2bn, £5k and two million pounds.",
    );
    let want: Vec<(f64, &str)> = vec![
        (40_000.0, "JMD"),
        (1_200_000.0, "TTD"),
        (13_500.0, "USD"),
        (500_000.0, "INR"),
        (20_000_000.0, "INR"),
        (2_000_000_000.0, "EUR"),
        (5_000.0, "GBP"),
        (2_000_000.0, "GBP"),
    ];
    let got: Vec<(f64, &str)> = got.iter().map(|c| (c.0, c.1.as_str())).collect();
    assert_eq!(got, want);
}

/// A bare `$` takes the dollar of the place the article is about.
#[test]
fn dollar_by_place() {
    let cur = |t: &str| cash(t).into_iter().map(|c| c.1).collect::<Vec<_>>();
    assert_eq!(
        cur("Kingston police seized $5 million. The Jamaica Constabulary Force said."),
        ["JMD"]
    );
    assert_eq!(
        cur("Sydney: NSW Police seized $5 million in cash."),
        ["AUD"]
    );
    assert_eq!(cur("Police in Ohio seized $5,000 in cash."), ["USD"]);
    // A town alone says the country: a Queensland story that never names
    // the state or Australia.
    assert_eq!(
        cur("Police in Townsville and Cairns seized $5,000 in cash."),
        ["AUD"]
    );
}

/// A dateline says where the article is set: it outweighs the places the
/// drugs came from or went to ("Rs" in a Kathmandu story naming India
/// twice was INR).
#[test]
fn a_dateline_outweighs_places_named_in_passing() {
    let cur = |t: &str| cash(t).into_iter().map(|c| c.1).collect::<Vec<_>>();
    let t = "KATHMANDU: Police seized 8 kg of hashish worth Rs 240,000 bound for India. \
             He had sold hashish to buyers in India, police said.";
    assert_eq!(cur(t), ["NPR"]);
    // the same words, no dateline: the passing places win
    let t = "Police in Kathmandu seized 8 kg of hashish worth Rs 240,000 bound for India. \
             He had sold hashish to buyers in India, police said.";
    assert_eq!(cur(t), ["INR"]);
}

/// A place right before a drug's name is where the drug came from:
/// "Kerala ganja" named three times made a Sri Lankan "Rs." INR.
#[test]
fn a_place_naming_a_drug_origin_is_no_setting() {
    let cur = |t: &str| cash(t).into_iter().map(|c| c.1).collect::<Vec<_>>();
    let t = "The Sri Lanka Navy seized 120 kg of Kerala ganja off Kalpitiya. The Kerala ganja \
             was packed in 40 parcels. The Kerala ganja is valued at over Rs. 36 million.";
    assert_eq!(cur(t), ["LKR"]);
    let t = "Police in Kerala seized 120 kg of ganja worth Rs. 36 million.";
    assert_eq!(cur(t), ["INR"]);
}

#[test]
fn approximate_flags() {
    let rec = extract(
        "About 2kg of cocaine and 3kg of heroin were found with more than £30,000 and £500.",
    );
    let seized: Vec<bool> = rec.seizures.iter().map(|s| s.approximate).collect();
    assert_eq!(seized, [true, false]);
    let money: Vec<bool> = rec.cash.iter().map(|m| m.approximate).collect();
    assert_eq!(money, [true, false]);
}

/// The role of an amount from the words around it.
#[test]
fn money_roles() {
    let cases = [
        ("Officers seized £30,000 in cash.", "seized"),
        (
            "Cannabis with a street value of £250,000 was found.",
            "value",
        ),
        ("Police seized drugs worth in excess of £860,000.", "value"),
        // "the drugs seized" are what the value is of, not seized cash
        (
            "The street value of the drugs seized is approximately $629,000.",
            "value",
        ),
        (
            "The total value of the seized items was approximately $11.5 million.",
            "value",
        ),
        ("Officers seized drugs and $4,000.", "seized"),
        ("The pair were fined £500 each.", "other"),
        (
            "He was ordered to pay a confiscation order of £12,000.",
            "other",
        ),
        (
            "Coast Guard intercepts pirogue with $1.2m in marijuana.",
            "value",
        ),
        ("Police restrained assets worth $3.2 million.", "other"),
        (
            "The minimum sentence applies to drugs worth €13,000 or more.",
            "other",
        ),
        ("A notebook recorded sales at €200 an ounce.", "other"),
        ("Cash to the value of €12,650 was also seized.", "seized"),
        (
            "He was ordered to forfeit $312,000 in drug proceeds.",
            "other",
        ),
        // The Philippine agencies' "standard drug price" is the drugs' value.
        (
            "Seized from the suspect in Manila were ten sachets of shabu with a standard drug price of P 1,360,000.",
            "value",
        ),
        // A hedge between the cue and the amount keeps the cue nearest.
        (
            "Herbal cannabis with a street value believed to be in the region of £1.4million was found and seized.",
            "value",
        ),
    ];
    for (text, role) in cases {
        let got = cash(text);
        assert_eq!(got.len(), 1, "{text}: {got:?}");
        assert_eq!(got[0].2, role, "{text}");
    }
}

/// The words of a gap are counted only once its characters pass: a gap
/// with a clause comma, or a long one, is not plain whatever its words.
#[test]
fn plain_gap_words_check_characters_before_words() {
    let rules = RuleSet::builtin().expect("built-in rules load");
    let lex = rules
        .lexicon(crate::rules::contract::Lex::MoneyRole)
        .expect("money_role lexicon");
    let plain = super::money_role::plain_gap_words;
    // Hedges do not count: "believed to be in the region of" is no words.
    assert_eq!(plain(lex, " believed to be in the region of "), Some(0));
    assert_eq!(plain(lex, " of around "), Some(0));
    assert_eq!(plain(lex, " paid for the "), Some(2));
    // A number's comma is plain, a clause's is not.
    assert_eq!(plain(lex, " 1,000 "), Some(1));
    assert_eq!(plain(lex, " seized, and "), None);
    // Five words are too many; more than 45 bytes are too long.
    assert_eq!(plain(lex, " one two three four five "), None);
    assert_eq!(plain(lex, &" of".repeat(16)), None);
}

/// The money roles search for cues without the hedge words: it must find
/// every match the whole lexicon's search finds that is not a hedge, and
/// nothing else, on the corpus and on text dense with cues and hedges
/// glued every way ("in cash", "in the region of", "estimated value").
#[test]
fn cue_search_finds_the_whole_lexicons_cues() {
    use crate::rules::contract::{Lex, MONEY_HEDGE};
    let rules = RuleSet::builtin().expect("built-in rules load");
    let lex = rules.lexicon(Lex::MoneyRole).expect("money_role lexicon");
    let rest = lex.without(MONEY_HEDGE).expect("hedges are plain words");
    assert!(rest.entries.iter().all(|(c, _)| c != MONEY_HEDGE));
    let (whole, cues) = (
        crate::rules::matcher::LexiconRegex::of(lex).expect("builds"),
        rules.money_cue_search().expect("cue search"),
    );
    let aliases: Vec<&String> = lex.entries.iter().flat_map(|(_, a)| a).collect();
    let mut rng = crate::testing::Rng::new();
    let mut texts = crate::testing::corpus_texts();
    for _ in 0..300 {
        let mut t = String::new();
        for _ in 0..12 {
            let a = aliases[rng.below(aliases.len())];
            t.push_str(&match rng.below(4) {
                0 => a.to_uppercase(),
                1 => a.replace(' ', "  "),
                _ => a.clone(),
            });
            t.push_str([" ", "", "-", " £5 ", ", "][rng.below(5)]);
        }
        texts.push(t);
    }
    for text in &texts {
        let want: Vec<(usize, usize)> = whole
            .find_iter(text)
            .filter(|m| lex.canonical(m.as_str()) != Some(MONEY_HEDGE))
            .map(|m| (m.start(), m.end()))
            .collect();
        let got: Vec<(usize, usize)> = cues.find_iter(text).map(|m| (m.start(), m.end())).collect();
        assert_eq!(got, want, "{text}");
    }
}

/// The articles whose places are tallied up front are those that state a
/// place-dependent sign (`$`, "rupees"), not those whose currency is
/// plain (`€`, "euros"); the dollar is still read by the places.
#[test]
fn places_are_tallied_up_front_only_for_local_signs() {
    let rules = RuleSet::builtin().expect("built-in rules load");
    let needs = |text: &str| {
        let norm = crate::text::normalise::normalise(text);
        let sentences = crate::text::split::split(&norm);
        let kinds = [Kind::Seizure, Kind::Money, Kind::Count, Kind::Exclude];
        let matches = crate::engine::run(&rules, &norm, &sentences, &kinds);
        let ranked = super::rank(&rules, matches);
        super::money::may_need_places(&rules, &norm, &ranked)
    };
    assert!(needs("Deputies in Ontario seized $25,000 in cash."));
    assert!(needs("Officers in Mumbai seized Rs 5 lakh."));
    assert!(!needs("Gardaí seized €25,000 in cash."));
    assert!(!needs("Police seized 3kg of cannabis."));
    assert_eq!(
        cash("Deputies in Ontario seized $25,000 in cash.")[0].1,
        "CAD"
    );
}

/// One weight in two units is one seizure of the sum; a "part" as large
/// as the whole unit is no such weight, and the rule gives nothing.
#[test]
fn weight_in_two_units_is_one_seizure() {
    let rec = extract("Officers found 3lb 4oz of cannabis in the boot.");
    let got: Vec<(f64, &str, Option<f64>)> = rec
        .seizures
        .iter()
        .map(|s| (s.quantity, s.unit.as_str(), s.grams))
        .collect();
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!((got[0].0, got[0].1), (3.25, "lb"));
    let g = got[0].2.expect("a mass has grams");
    assert!((g - 3.25 * 453.59237).abs() < 1e-3, "{g}");
    let rec = extract("Officers found 1 kg 2000 grams of cocaine.");
    assert!(
        rec.seizures
            .iter()
            .all(|s| s.provenance.rule != "seizure.weight-in-two-units"),
        "{:?}",
        rec.seizures
    );
}

/// The seizures of an article as (drug, quantity, unit).
fn seizures_of(t: &str) -> Vec<(String, f64, String)> {
    extract(t)
        .seizures
        .into_iter()
        .map(|s| (s.drug, s.quantity, s.unit))
        .collect()
}

/// A seizure as [`seizures_of`] gives it.
fn sz(drug: &str, quantity: f64, unit: &str) -> (String, f64, String) {
    (drug.to_string(), quantity, unit.to_string())
}

/// The counts of an article as (what, value).
#[test]
fn an_amount_after_a_currency_sign_is_money_not_a_quantity() {
    let t = "The ketamine was worth around £4.5 million, and £40,000 for the MDMA pills.";
    assert!(seizures_of(t).is_empty(), "{:?}", seizures_of(t));
    let got: Vec<f64> = cash(t).into_iter().map(|c| c.0).collect();
    assert_eq!(got, [4_500_000.0, 40_000.0]);
    // A code or a dollar sign of the currency lexicon, as well.
    let t = "Investigators put EUR 25,000 on the ecstasy pills and US$ 9,000 for the MDMA tablets.";
    assert!(seizures_of(t).is_empty(), "{:?}", seizures_of(t));
    assert_eq!(
        seizures_of("Officers seized 40,000 MDMA pills."),
        [sz("mdma", 40_000.0, "pill")]
    );
}

/// What a text should give: (drug or kind, quantity or value, unit).
type Facts = &'static [(&'static str, f64, &'static str)];

/// Round 13's seizures: containers in brackets pack the seizure before
/// them; a weight "in total" or "These seizures represent a combined
/// weight of" weighs the containers of its drug counted before it; a
/// rounded count restating an exact one is one seizure; "the" and an
/// adjective may stand before the drug; containers a weight was found in
/// are its packaging.
#[test]
fn seizures_packed_weighed_restated() {
    let cases: &[(&str, Facts)] = &[
        (
            "Officers discovered 71,000 mandrax tablets (71 packets) as well as 14kg (14 bricks) of cocaine.",
            &[("mandrax", 71_000.0, "pill"), ("cocaine", 14.0, "kg")],
        ),
        (
            "Police seized 3 kg of cocaine (three packages) and 30 bags of cannabis.",
            &[("cocaine", 3.0, "kg"), ("cannabis", 30.0, "bag")],
        ),
        (
            "Officers discovered 100 bricks of cocaine in the truck. In total, officers seized approximately 119 kg of cocaine.",
            &[("cocaine", 119.0, "kg")],
        ),
        (
            "Officers found 210 bricks of cocaine. These seizures represent a combined weight of approximately 246 kg.",
            &[("cocaine", 246.0, "kg")],
        ),
        // containers of no named drug are none; pills of none are
        (
            "They were found with 50 jumbo bags of the illicit substance and 2,000 pills of drugs.",
            &[("unspecified", 2000.0, "pill")],
        ),
        // not the containers of another drug
        (
            "Officers found 10 bags of cannabis. In total, they seized 2 kg of cocaine.",
            &[("cannabis", 10.0, "bag"), ("cocaine", 2.0, "kg")],
        ),
        (
            "RAB recovered around 64 thousand yaba tablets. A total of 63,765 yaba tablets were found in the cylinders.",
            &[("methamphetamine", 63_765.0, "pill")],
        ),
        // not a figure far from it
        (
            "Police seized nearly 400 ecstasy tablets and 350 ecstasy tablets were found later.",
            &[("mdma", 400.0, "pill"), ("mdma", 350.0, "pill")],
        ),
        // a list that gives the unit once
        (
            "Police seized 188 kilos of hashish, 31 of marijuana and 3.2 kilos of cocaine.",
            &[
                ("cannabis resin", 188.0, "kg"),
                ("cannabis", 31.0, "kg"),
                ("cocaine", 3.2, "kg"),
            ],
        ),
        // not a count of other things
        (
            "Police seized 188 kilos of hashish, 31 of the suspects were arrested.",
            &[("cannabis resin", 188.0, "kg")],
        ),
        (
            "Each bag held 27.82kg, all totalling 83.44kg of the suspected cocaine.",
            &[("cocaine", 83.44, "kg")],
        ),
        // containers the weight was found in, the drug named again
        (
            "Customs found 4.5 tons of cocaine hidden in over 4,200 packages of pressed cocaine.",
            &[("cocaine", 4.5, "t")],
        ),
        // not containers found elsewhere
        (
            "Officers found 10kg of cocaine in Dover and 20 packages of cocaine in Hull.",
            &[("cocaine", 10.0, "kg"), ("cocaine", 20.0, "package")],
        ),
    ];
    for (t, want) in cases {
        let want: Vec<_> = want.iter().map(|&(d, q, u)| sz(d, q, u)).collect();
        assert_eq!(seizures_of(t), want, "{t}");
    }
}

fn counts_of(t: &str) -> Vec<(String, f64)> {
    extract(t)
        .counts
        .into_iter()
        .map(|c| (c.what, c.value))
        .collect()
}

/// Two groups of one phrase are listed when no total is stated, and are
/// a breakdown (dropped) when they add up to one: exactly, or within a
/// tenth of a rounded one.
#[test]
fn a_year_before_the_person_arrested_is_no_count() {
    for t in [
        "On 27th February 2024 the man, who has previous convictions, was arrested.",
        "In 2023 the man was arrested.",
    ] {
        assert!(counts_of(t).is_empty(), "{t}: {:?}", counts_of(t));
    }
    assert_eq!(
        counts_of("Two men were arrested."),
        [("arrests".into(), 2.0)]
    );
}

/// Round 13's counts: vehicles only where taken (or in a short list item);
/// not the people who make an arrest; "agents" are people.
#[test]
fn counts_of_vehicles_and_of_who_arrested_whom() {
    let cases: &[(&str, Facts)] = &[
        (
            "Four vehicles tried to avoid a checkpoint in Phan, but police caught two cars.",
            &[],
        ),
        ("The suspects travelled in two cars to the border.", &[]),
        (
            "Police impounded two cars and a boat.",
            &[("vehicles", 2.0, "")],
        ),
        (
            "The court ordered the restraint of a house and four vehicles.",
            &[("vehicles", 4.0, "")],
        ),
        (
            "Items seized:\n• 10 vehicles\n• £20,000 in cash",
            &[("vehicles", 10.0, "")],
        ),
        (
            "The results:\n- 17 firearms and 9 luxury vehicles",
            &[("firearms", 17.0, ""), ("vehicles", 9.0, "")],
        ),
        (
            "Six other arrestees face state charges including possession.",
            &[("charged", 6.0, "")],
        ),
        (
            "RAB arrested six drug paddlers in Dhaka.",
            &[("arrests", 6.0, "")],
        ),
        ("Two officers arrested the man at the scene.", &[]),
        ("Two federal agents arrested him at the airport.", &[]),
        (
            "Two cargo agents linked to the shipment were earlier arrested.",
            &[("arrests", 2.0, "")],
        ),
        (
            "Two men arrested in the raids appeared in court.",
            &[("arrests", 2.0, "")],
        ),
        (
            "Three men were arrested the next day.",
            &[("arrests", 3.0, "")],
        ),
        (
            "Police dismantled two networks that imported cocaine.",
            &[("networks", 2.0, "")],
        ),
    ];
    for (t, want) in cases {
        let want: Vec<(String, f64)> = want.iter().map(|&(w, v, _)| (w.into(), v)).collect();
        assert_eq!(counts_of(t), want, "{t}");
    }
}

#[test]
fn two_groups_are_listed_unless_they_break_down_a_total() {
    let a = |v: f64| ("arrests".to_string(), v);
    assert_eq!(
        counts_of("Five men and two women were arrested."),
        [a(5.0), a(2.0)]
    );
    assert_eq!(
        counts_of("Almost 600 people were arrested. Of those, 500 men and 86 women were arrested."),
        [a(600.0)]
    );
    assert_eq!(
        counts_of("Nine people were arrested. Five men and four women were arrested in Leeds."),
        [a(9.0)]
    );
    // 20, exact, is no total of 11 and 7
    assert_eq!(
        counts_of("Eleven men and seven women were arrested in May. Twenty people were arrested in March."),
        [a(11.0), a(7.0), a(20.0)]
    );
}

/// A smaller figure in a later sentence than a total of its kind is a
/// part of it (a country's, a city's arrests), unless it is far smaller
/// (the day's figure after the campaign's) or stated as a total itself.
#[test]
fn later_smaller_figures_are_parts_of_the_total() {
    let a = |v: f64| ("arrests".to_string(), v);
    assert_eq!(
        counts_of("Europol said 49 suspects had been arrested. In Europe, the Spanish Civil Guard arrested 13 suspects, while the French police made six arrests. Belgian authorities made 10 arrests."),
        [a(49.0)]
    );
    assert_eq!(
        counts_of("Police have arrested 23,647 drug smugglers since March. On Sunday, 99 drug smugglers were arrested."),
        [a(23647.0), a(99.0)]
    );
    assert_eq!(
        counts_of("More than 45,000 suspects were arrested this year. In Quezon City, a total of 3,187 persons were arrested."),
        [a(45000.0), a(3187.0)]
    );
    // an added figure is no part
    assert_eq!(
        counts_of("Twenty people were arrested. A further 11 people were arrested in May."),
        [a(20.0), a(11.0)]
    );
    // "other", "more" and "also" name more people of the same operation,
    // not a figure on top of its total
    assert_eq!(
        counts_of("Customs officers arrested nine people in raids across Selangor. Four other suspects were also arrested at a warehouse in Klang."),
        [a(9.0)]
    );
    assert_eq!(
        counts_of("The operation led to 25 arrests in all. Raids in Reus produced 20 arrests, and a later search in Lleida led to five more arrests."),
        [a(25.0)]
    );
}

/// Small figures that add up to more than the small figure before them are
/// the separate incidents of a round-up, each listed; within it, they
/// break it down. "A Venezuelan and three Peruvians" counts no three. A
/// figure told as an earlier incident ("One month earlier, … three") is
/// kept, and still counts in that sum: the two beside it were dropped as
/// a part of the four.
#[test]
fn incidents_beyond_a_small_first_figure_are_listed() {
    let a = |v: f64| ("arrests".to_string(), v);
    assert_eq!(
        counts_of("Four suspects were arrested in Soweto with dagga. In Durban, police arrested two suspects with cocaine. Free State police have arrested three men at drug dens in Welkom."),
        [a(4.0), a(2.0), a(3.0)]
    );
    assert_eq!(
        counts_of("Police have arrested four men in Bago.\n\nIn May, police arrested two Taiwanese in a villa.\n\nOne month earlier, police officers had detained three drug dealers."),
        [a(4.0), a(2.0), a(3.0)]
    );
    assert_eq!(
        counts_of("Police arrested five men in the raid. Two men were arrested in the house. Three others were arrested in the yard."),
        [a(5.0)]
    );
    assert_eq!(
        counts_of("Detectives arrested four alleged members of the gang. A Venezuelan and three Peruvians were arrested, police said."),
        [a(4.0)]
    );
}

/// An item of a list is another incident beside a larger figure of an
/// earlier item (a round-up's bullets), but still a part of a total the
/// prose states before the list.
#[test]
fn list_items_are_siblings_not_parts() {
    let a = |v: f64| ("arrests".to_string(), v);
    assert_eq!(
        counts_of("Results of the week included:\n- Seven men were arrested in Renfrew after a search of a property\n- Two men were arrested following a drugs operation in Hawick\n"),
        [a(7.0), a(2.0)]
    );
    assert_eq!(
        counts_of("Officers arrested 45 people during the week.\n- Two men were arrested in Dover after a search\n- Three women were arrested in Deal after a car stop\n"),
        [a(45.0)]
    );
}

/// The names of a drug with a digit ("K-2") give no amount, and gallons
/// are litres.
#[test]
fn drug_names_with_digits_and_gallons() {
    let got = seizures_of;
    assert_eq!(
        got("Agents seized 14 pounds of K-2 and 6 grams of isotonitazene."),
        [sz("spice", 14.0, "lb"), sz("nitazenes", 6.0, "g")]
    );
    let g = got("Officers found a gallon of liquid PCP in the trunk.");
    assert_eq!(g.len(), 1);
    assert!((g[0].1 - 3.785).abs() < 0.001 && g[0].2 == "l", "{g:?}");
}

/// A weight after "weighing" belongs to the drug before it, not to the
/// amounts of the next drug ("12 balls of cannabis, weighing 40 grammes,
/// and 10 tablets of diazepam"); two adjectives joined by "and" still
/// name the drug ("compressed and loose marijuana").
#[test]
fn weights_go_to_the_drug_they_follow() {
    let got = seizures_of;
    assert_eq!(
        got("A woman was held with 12 balls of cannabis, weighing 40 grammes, and 10 tablets of diazepam."),
        [
            sz("cannabis", 40.0, "g"),
            sz("diazepam", 10.0, "pill")
        ]
    );
    assert_eq!(
        got("Coast guard ranks recovered 640.5 pounds of compressed and loose marijuana."),
        [sz("cannabis", 640.5, "lb")]
    );
}

/// A weight that refers back takes a drug named after an unnamed total
/// ("eight tons of various drugs, with the majority of it being cocaine,
/// around 6,7 tons" was all unspecified), and "the contraband" after a
/// list is the list's first drug, as "the drugs" is (it took the last).
/// Containers of "the" drug after its weight are its packaging ("19
/// knitted bags containing the compressed ganja" was a second seizure).
#[test]
fn references_to_drugs_named_before() {
    for (text, want) in [
        (
            "Police seized more than eight tons of various types of drugs, with the majority of it being cocaine, around 6,7 tons.",
            vec![sz("unspecified", 8.0, "t"), sz("cocaine", 6.7, "t")],
        ),
        (
            "A checkpoint produced 631 packages of meth weighing 1,122 pounds and 17.6 pounds of heroin. The total weight of the contraband came out to 1,153 pounds.",
            vec![
                sz("methamphetamine", 1122.0, "lb"),
                sz("heroin", 17.6, "lb"),
                sz("methamphetamine", 1153.0, "lb"),
            ],
        ),
        (
            "Lawmen seized more than 600 pounds of compressed ganja on Tuesday. A car was searched and 19 knitted bags containing the compressed ganja were found.",
            vec![sz("cannabis", 600.0, "lb")],
        ),
    ] {
        assert_eq!(seizures_of(text), want, "{text}");
    }
}

/// A weight in brackets after a weight of the drug converts it: one
/// seizure, not two ("1 kilogram of fentanyl (37 ounces)"), while a
/// bracketed weight alone is the seizure ("cannabis (2kg)").
#[test]
fn bracketed_conversion_is_no_second_seizure() {
    let got = seizures_of;
    assert_eq!(
        got("Agents found over 1 kilogram of fentanyl (37 ounces) in the car."),
        [sz("fentanyl", 1.0, "kg")]
    );
    assert_eq!(
        got("CANU seized cocaine at the wharf. The suspected narcotics were weighed and amounted to 66.8 kilograms (kg) or 147.2688 pounds."),
        [sz("cocaine", 66.8, "kg")]
    );
    assert_eq!(
        got("Officers found cannabis (2kg) in the boot."),
        [sz("cannabis", 2.0, "kg")]
    );
}

/// Counts a dash opens right after a count of their kind break it down
/// ("six guns – four pistols and two rifles"); a dateline's dash, after
/// no count, does not make the next count a part of the headline's.
#[test]
fn a_dash_after_a_total_opens_its_parts() {
    let f = |v: f64| ("firearms".to_string(), v);
    assert_eq!(
        counts_of("Officers recovered six guns \u{2013} four pistols and two rifles."),
        [f(6.0)]
    );
    assert_eq!(
        counts_of("Police seized five firearms \u{2013} three rifles including an assault rifle, and two shotguns."),
        [f(5.0)]
    );
    let a = |v: f64| ("arrests".to_string(), v);
    assert_eq!(
        counts_of("Deputies serve warrants; 85 arrested\n\nMARLOW, Ala. (WLCS) \u{2014} A sweep led to 75 arrests."),
        [a(85.0), a(75.0)]
    );
}

/// Counts of a kind before "out of a total of N" in their sentence are
/// its parts; with no total after them they stay.
#[test]
fn parts_before_out_of_a_total() {
    let a = |v: f64| ("arrests".to_string(), v);
    assert_eq!(
        counts_of("Police said three suspects were detained in Italy and Spain, out of a total of 11 arrests across five countries."),
        [a(11.0)]
    );
    assert_eq!(
        counts_of("Two men were arrested in Cork. In a separate operation, three people were arrested in Galway."),
        [a(2.0), a(3.0)]
    );
}

/// A part announced after a word of addition is still a part: the cue
/// nearer the figure wins.
#[test]
fn a_part_after_a_word_of_addition_is_a_part() {
    let a = |v: f64| ("arrests".to_string(), v);
    assert_eq!(
        counts_of("Police arrested 19 people in August. Further, a total of 19 drug traffickers including 11 Indian and 8 Foreigners were arrested."),
        [a(19.0)]
    );
    assert_eq!(
        counts_of(
            "Police arrested 19 people in August. A further 12 people were arrested in Delhi."
        ),
        [a(19.0), a(12.0)]
    );
}

/// A local dollar amount the article also writes out in US dollars is the
/// same figure in US dollars; other local amounts keep the place's dollar.
#[test]
fn a_dollar_amount_restated_in_us_dollars_is_us_dollars() {
    let cash = |t: &str| -> Vec<(f64, String)> {
        extract(t)
            .cash
            .into_iter()
            .map(|c| (c.amount, c.currency))
            .collect()
    };
    let t = "US helps CANU crack nearly $200 million cocaine stash\n\nA joint operation in Georgetown, Guyana found almost US$200 million worth of cocaine. Police also found $3 million in cash.";
    assert_eq!(
        cash(t),
        [
            (200_000_000.0, "USD".to_string()),
            (200_000_000.0, "USD".to_string()),
            (3_000_000.0, "GYD".to_string())
        ]
    );
}

/// An exclude vetoes the seizures whose amount it covers, not those it
/// only touches: a tablet strength or a deal size goes, the tablets and
/// the weight beside them stay.
#[test]
fn an_exclude_vetoes_the_amount_it_covers() {
    let seized = seizures_of;
    assert_eq!(
        seized("Customs intercepted 40,000 tablets of tramadol 200mg at the seaport."),
        vec![sz("tramadol", 40000.0, "pill")]
    );
    assert_eq!(
        seized("That 2kg of ice equates to 20,000 deals of 0.1 grams."),
        vec![sz("methamphetamine", 2.0, "kg")]
    );
}

/// Containers whose total weight follows ("totaling 1,111 kg of cocaine",
/// "The bricks weighed 33 kilograms") are that weight's packaging: one
/// seizure, by weight. Bricks count as containers.
#[test]
fn containers_with_a_total_weight_after_them_are_its_packaging() {
    for (t, kg) in [
        ("In the container, 32 bags of cocaine were found, totaling 1,111 kg of cocaine.", 1111.0),
        ("Agents found 60 cocaine bricks totalling 66kg.", 66.0),
        ("Officers found 30 bricks of cocaine in a trailer. The bricks weighed 33 kilograms in total.", 33.0),
    ] {
        assert_eq!(seizures_of(t), vec![("cocaine".to_string(), kg, "kg".to_string())], "{t}");
    }
}

/// Containers and a weight after them in their sentence, when the weight
/// is not theirs alone or the sentence before seized too:
/// - a running total ("another 30 bricks of cocaine, bringing the total
///   weight of the seized drugs to 45.5 kilograms") is not the bricks'
///   weight: they were dropped as its packaging;
/// - a weight after containers in its own sentence weighs them even when
///   the sentence before seized the same drug: the parcels were kept.
#[test]
fn containers_and_the_weight_after_them_in_their_sentence() {
    let kg = |d: &str, q: f64, u: &str| (d.to_string(), q, u.to_string());
    for (t, want) in [
        (
            "Officers found 25 kilograms of cocaine in the truck. A police dog later found another 30 bricks of cocaine, bringing the total weight of the seized drugs to 45.5 kilograms.",
            vec![kg("cocaine", 25.0, "kg"), kg("cocaine", 30.0, "block"), kg("cocaine", 45.5, "kg")],
        ),
        (
            "In Kano, officers recovered 500 kilogrammes of cannabis sativa. At the Apapa port, 64 parcels of cannabis indica (Colorado) weighing 32 kilogrammes were recovered.",
            vec![kg("cannabis", 500.0, "kg"), kg("cannabis", 32.0, "kg")],
        ),
    ] {
        assert_eq!(seizures_of(t), want, "{t}");
    }
}

/// "the same drug", "the substance", "the contraband" refer back to the
/// drug named before; "white substance" names none.
#[test]
fn back_references_by_other_words() {
    let first = |t: &str| seizures_of(t).pop().map(|(d, q, _)| (d, q));
    assert_eq!(
        first("Police seized 3 kilograms of heroin at the port. Later they found 40 kilograms of the same drug in a truck."),
        Some(("heroin".to_string(), 40.0))
    );
    assert_eq!(
        first("Customs found cocaine in the cargo. In all, officers recovered 12 kilograms of the substance."),
        Some(("cocaine".to_string(), 12.0))
    );
    assert_eq!(
        first("Customs found ganja in a bag. Four more passengers carried a combined 11.5 kg of the contraband."),
        Some(("cannabis".to_string(), 11.5))
    );
    assert_eq!(
        first("Officers found eight packages of white substance resembling cocaine."),
        None
    );
}

/// A colon or "which included" after a total opens its parts.
#[test]
fn a_colon_or_which_included_opens_the_parts_of_a_total() {
    for t in [
        "Investigators recovered 12 firearms: five handguns and seven rifles.",
        "Officers seized 12 firearms, which included five pistols and seven rifles.",
    ] {
        assert_eq!(counts_of(t), vec![("firearms".to_string(), 12.0)], "{t}");
    }
}

/// "the seized X" names the drugs a value is of, not seized money: "The
/// market value of the seized ganja is Rs 6 lakh" was `seized`.
#[test]
fn the_value_of_the_seized_drugs_is_a_value() {
    let roles = |t: &str| cash(t).into_iter().map(|c| c.2).collect::<Vec<_>>();
    assert_eq!(
        roles("Police in Cuttack seized 12 kg of ganja. The market value of the seized ganja is Rs 6 lakh."),
        ["value"]
    );
    assert_eq!(roles("The seized cash amounted to £5,000."), ["seized"]);
}

/// A weight restated in brackets after a weighing is one seizure: "cocaine
/// weighing 3 kilograms (6.6 pounds)" gave a second, 6.6 lb of cocaine.
/// Another drug's amount in brackets stays.
#[test]
fn a_bracketed_conversion_after_a_weight_is_no_second_seizure() {
    for text in [
        "Police seized cocaine weighing 3 kilograms (6.6 pounds).",
        "CBP officers found 44 packages of cocaine weighing 110 pounds (50 kilograms) in the truck.",
    ] {
        let got = extract(text).seizures;
        assert_eq!(got.len(), 1, "{text}: {got:?}");
    }
    let got = extract("Police seized 3 kilograms of cocaine (and 2 kilograms of heroin).").seizures;
    assert_eq!(got.len(), 2, "{got:?}");
}

/// Drug lines and networks count only where the text says they were
/// closed: "five county lines supplying drugs" and the headline "County
/// lines: 1,500 arrested" closed none.
#[test]
fn networks_count_only_when_closed() {
    let none = |t: &str| {
        let got = counts_of(t);
        assert!(got.iter().all(|(w, _)| w != "networks"), "{t}: {got:?}");
    };
    none("The convictions follow an investigation into five county lines supplying drugs in Kent.");
    none("County lines: 1,500 arrested and £2m worth of drugs seized in crackdown");
    for (t, n) in [
        ("Officers closed 9 county lines during the week.", 9.0),
        (
            "Fifteen networks supplying drugs into Kent's towns have been dismantled.",
            15.0,
        ),
        (
            "Results include:\n\n• 21 drugs lines seized\n\n• 25 arrests",
            21.0,
        ),
    ] {
        assert!(
            counts_of(t).contains(&("networks".into(), n)),
            "{t}: {:?}",
            counts_of(t)
        );
    }
}

/// The precise figure after a rounded total of the same kind is no part
/// of it: "Nearly 1,500 … arrested" then "Some 1,468 people were arrested"
/// lost the 1,468.
#[test]
fn the_precise_figure_of_a_rounded_total_is_kept() {
    let got = counts_of(
        "Nearly 1,500 suspected dealers have been arrested during the week. Police said some 1,468 people were arrested.",
    );
    assert!(got.contains(&("arrests".into(), 1468.0)), "{got:?}");
    // a part well below a rounded total is still a part
    let got = counts_of(
        "More than 40 people were arrested in the operation. Of those, 12 people were arrested in Leeds.",
    );
    assert!(!got.contains(&("arrests".into(), 12.0)), "{got:?}");
}

/// A bare dollar amount in brackets after another country's dollars is the
/// wires' conversion to US dollars; the first stays the article's own.
#[test]
fn a_bracketed_dollar_after_another_dollar_is_us_dollars() {
    let got: Vec<(f64, String)> = cash(
        "Police in Melbourne, Australia's Victoria state, said A$2.5 million ($1.6 million) worth of drugs had been seized.",
    )
    .into_iter()
    .map(|c| (c.0, c.1))
    .collect();
    assert_eq!(
        got,
        [(2_500_000.0, "AUD".into()), (1_600_000.0, "USD".into())]
    );
    // a bracket after a US sign, or after a full stop, is not a conversion
    let got = cash("Police in Sydney seized US$2 million. ($1 million was in cash.)");
    assert_eq!(got[1].1, "AUD", "{got:?}");
}
