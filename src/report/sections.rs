//! The report's sections, declared as data: which figures each quotes, which charts it draws.
//! A section is shown only when the data behind its first headline is present.

use super::narrative::Wording;

pub struct SectionSpec {
    pub id: &'static str,
    pub title: &'static str,
    /// What the section covers, in a sentence.
    pub about: &'static str,
    /// Figures quoted in sentences, with the change from last year.
    pub headlines: &'static [(&'static str, Wording)],
    pub charts: &'static [ChartSpec],
    pub tables: &'static [TableSpec],
    /// The files whose data the section shows: named in the report when it is left out.
    pub files: &'static [&'static str],
}

pub enum ChartSpec {
    /// Lines over the trend years; the title follows the first series.
    Trend { subject: &'static str, axis: &'static str, series: &'static [(&'static str, &'static str)] },
    /// Bars for the cells of a breakdown in the reporting year, largest first when `sort`.
    /// `message` holds `{}` for the largest cell's label.
    Breakdown { message: &'static str, axis: &'static str, cells: Cells, sort: bool },
    /// The area's figures beside every comparator in benchmarks.csv.
    Comparators { message: &'static str, axis: &'static str, ids: &'static [(&'static str, &'static str)] },
    /// For several authorities: each one's rate against its size, with control limits.
    Funnel { indicator: &'static str, subject: &'static str },
    /// Monthly lines through the reporting year.
    Monthly { subject: &'static str, axis: &'static str, series: &'static [(&'static str, &'static str)] },
}

/// The cells of a breakdown: listed, or every indicator `prefix…suffix` (found in the figures).
pub enum Cells {
    Listed(&'static [(&'static str, &'static str)]),
    Matching { prefix: &'static str, suffix: &'static str },
}

pub enum TableSpec {
    /// Contacts at each level of need by what happened to them, with the route the threshold
    /// guidance expects.
    Routing,
    /// Every partner measure, grouped by its section.
    PartnerMeasures,
    /// Children in need, on a plan and looked after by sex, ethnic group, age and disability,
    /// each group's share beside its share of the area's children.
    Characteristics,
}

const fn w(phrase: &'static str, label: &'static str) -> Wording {
    Wording { phrase, label }
}

/// Levels of need from the threshold guidance, with the route it expects at each.
pub const LEVELS: [(&str, &str, &str); 5] = [
    ("1", "Thriving", "universal services"),
    ("2", "Getting advice", "advice and universal services"),
    ("3", "Getting help", "early help"),
    ("4", "Getting more help", "statutory assessment"),
    ("5", "Getting risk support", "statutory assessment"),
];

/// Contact outcomes, in the order the routing table shows them.
pub const OUTCOMES: [(&str, &str); 5] = [
    ("admin", "Administrative"),
    ("advice", "Advice and signposting"),
    ("early_help", "Stepped to early help"),
    ("referral", "Referral to social care"),
    ("nfa", "No further action"),
];

/// Contact sources, in the CIN census's words (its ReferralSource codes).
const CONTACT_SOURCES: &[(&str, &str)] = &[
    ("contacts.source.1a.pct", "Family member, relative or carer"),
    ("contacts.source.1b.pct", "Acquaintance, neighbour or childminder"),
    ("contacts.source.1c.pct", "The child themselves"),
    ("contacts.source.1d.pct", "Other individual"),
    ("contacts.source.2a.pct", "Schools"),
    ("contacts.source.2b.pct", "Other education services"),
    ("contacts.source.3a.pct", "GP"),
    ("contacts.source.3b.pct", "Health visitor"),
    ("contacts.source.3c.pct", "School nurse"),
    ("contacts.source.3d.pct", "Other primary health services"),
    ("contacts.source.3e.pct", "Emergency department"),
    ("contacts.source.3f.pct", "Other health services"),
    ("contacts.source.4.pct", "Housing"),
    ("contacts.source.5a.pct", "The authority's social care"),
    ("contacts.source.5b.pct", "Other departments of the authority"),
    ("contacts.source.5c.pct", "Another authority"),
    ("contacts.source.5d.pct", "Early help"),
    ("contacts.source.6.pct", "Police"),
    ("contacts.source.7.pct", "Other legal agency"),
    ("contacts.source.8.pct", "Other"),
    ("contacts.source.9.pct", "Anonymous"),
    ("contacts.source.10.pct", "Unknown"),
];

pub const SECTIONS: &[SectionSpec] = &[
    SectionSpec {
        id: "context",
        title: "The area in context",
        about: "The number of children living in the area, and how often each service is used for every 10,000 of them, beside England and comparable areas.",
        headlines: &[(
            "population.0_17",
            w("{} children and young people aged 0 to 17 lived in the area", "children aged 0 to 17"),
        )],
        charts: &[
            ChartSpec::Comparators {
                message: "How the area's use of services compares",
                axis: "Rate per 10,000 children",
                ids: &[
                    ("referrals.rate", "Referrals"),
                    ("cin.at_31_march.rate", "Children in need at 31 March"),
                    ("cp.started.rate", "Child protection plans started"),
                    ("cp.at_31_march.rate", "On a child protection plan at 31 March"),
                    ("lac.at_31_march.rate", "Looked after at 31 March"),
                ],
            },
            ChartSpec::Funnel { indicator: "referrals.rate", subject: "referrals" },
            ChartSpec::Funnel { indicator: "cp.at_31_march.rate", subject: "children on a child protection plan" },
            ChartSpec::Funnel { indicator: "lac.at_31_march.rate", subject: "children looked after" },
        ],
        tables: &[],
        files: &["population.csv"],
    },
    SectionSpec {
        id: "contacts",
        title: "Contacts and referrals",
        about: "Every enquiry about a child's welfare reaches children's social care as a contact. It is screened against the levels of need in the partnership's threshold guidance and either answered with advice, stepped to early help, accepted as a referral, or closed.",
        headlines: &[
            ("contacts.total", w("{} contacts were received", "contacts received")),
            ("contacts.per_week", w("an average of {} contacts a week were received", "contacts a week")),
            ("contacts.children", w("{} different children were the subject of a contact", "children with a contact")),
            (
                "contacts.screened.referral.pct",
                w("{} of screened contacts became referrals", "screened contacts that became referrals"),
            ),
            (
                "contacts.level.5.referral.pct",
                w(
                    "{} of contacts at level 5 (getting risk support) became referrals",
                    "level 5 contacts that became referrals",
                ),
            ),
            (
                "contacts.level.2.referral.pct",
                w(
                    "{} of contacts at level 2 (getting advice) became referrals",
                    "level 2 contacts that became referrals",
                ),
            ),
            ("referrals.total", w("{} referrals were accepted for assessment", "referrals")),
            ("referrals.rate", w("the referral rate was {} per 10,000 children", "referral rate per 10,000 children")),
            (
                "referrals.rereferral_12m.pct",
                w(
                    "{} of referrals were for a child referred within the previous 12 months",
                    "re-referrals within 12 months",
                ),
            ),
        ],
        charts: &[
            ChartSpec::Trend {
                subject: "Contacts",
                axis: "Number",
                series: &[("contacts.total", "Contacts"), ("referrals.total", "Referrals")],
            },
            ChartSpec::Breakdown {
                message: "{} made the most contacts",
                axis: "Per cent of contacts with a source recorded",
                cells: Cells::Listed(CONTACT_SOURCES),
                sort: true,
            },
        ],
        tables: &[TableSpec::Routing],
        files: &["contacts.csv", "referrals.csv"],
    },
    SectionSpec {
        id: "assessments",
        title: "Child and family assessments",
        about: "A referral leads to a child and family assessment, which should be completed within 45 working days. The factors recorded at its end show what lies behind the need.",
        headlines: &[
            ("cfa.completed", w("{} assessments were completed", "assessments completed")),
            (
                "cfa.within_45wd.pct",
                w(
                    "{} of assessments were completed within 45 working days",
                    "assessments completed within 45 working days",
                ),
            ),
            (
                "cfa.nfa.pct",
                w(
                    "{} of assessments ended with no further social care support",
                    "assessments needing no further support",
                ),
            ),
        ],
        charts: &[ChartSpec::Breakdown {
            message: "{} was the factor recorded most often at assessment",
            axis: "Per cent of assessments",
            cells: Cells::Matching { prefix: "cfa.factor.", suffix: ".pct" },
            sort: true,
        }],
        tables: &[],
        files: &["assessments.csv"],
    },
    SectionSpec {
        id: "cin",
        title: "Children in need",
        about: "Children in need are those assessed as needing social care support, including those on a child protection plan or looked after.",
        headlines: &[
            ("cin.at_31_march", w("{} children were in need at 31 March", "children in need at 31 March")),
            ("cin.at_31_march.rate", w("that is {} per 10,000 children", "children in need per 10,000")),
            (
                "cin.at_31_march.excl_cp_lac",
                w(
                    "{} of them were neither on a child protection plan nor looked after",
                    "children in need not on a plan or looked after",
                ),
            ),
        ],
        charts: &[ChartSpec::Trend {
            subject: "Children in need at 31 March",
            axis: "Number of children",
            series: &[
                ("cin.at_31_march", "All children in need"),
                ("cin.at_31_march.excl_cp_lac", "Not on a plan or looked after"),
            ],
        }],
        tables: &[],
        files: &["referrals.csv"],
    },
    SectionSpec {
        id: "s47",
        title: "Section 47 enquiries and conferences",
        about: "Where there is reasonable cause to suspect that a child is suffering, or likely to suffer, significant harm, the local authority makes enquiries under section 47 of the Children Act 1989. If the concerns are substantiated and the child may be at continuing risk, an initial child protection conference should meet within 15 working days of the strategy discussion that began the enquiry.",
        headlines: &[
            ("s47.started", w("{} section 47 enquiries were started", "section 47 enquiries started")),
            ("s47.rate", w("that is {} per 10,000 children", "section 47 enquiries per 10,000")),
            (
                "s47.to_icpc.pct",
                w("{} of enquiries led to an initial child protection conference", "enquiries leading to a conference"),
            ),
            (
                "s47.icpc_not_required",
                w("{} enquiries ended with no conference needed", "enquiries needing no conference"),
            ),
            (
                "icpc.held",
                w("{} initial child protection conferences were held", "initial child protection conferences"),
            ),
            ("icpc.rate", w("that is {} per 10,000 children", "initial conferences per 10,000")),
            (
                "icpc.within_15wd.pct",
                w(
                    "{} of initial conferences were held within 15 working days of the enquiry starting",
                    "conferences within 15 working days",
                ),
            ),
        ],
        charts: &[ChartSpec::Trend {
            subject: "Section 47 enquiries",
            axis: "Number",
            series: &[("s47.started", "Section 47 enquiries"), ("icpc.held", "Initial conferences")],
        }],
        tables: &[],
        files: &["section47.csv", "referrals.csv"],
    },
    SectionSpec {
        id: "cp",
        title: "Child protection",
        about: "A child protection plan is made when a conference finds a child at continuing risk of significant harm. Plans should be reviewed on time, should rarely last two years, and a second plan soon after the first suggests the risk was not resolved.",
        headlines: &[
            (
                "cp.at_31_march",
                w("{} children were on a child protection plan at 31 March", "children on a plan at 31 March"),
            ),
            ("cp.at_31_march.rate", w("that is {} per 10,000 children", "children on a plan per 10,000")),
            ("cp.started", w("{} plans started", "plans started")),
            ("cp.ended", w("{} plans ended", "plans ended")),
            (
                "cp.second_or_subsequent.pct",
                w("{} of plans that started were a child's second or later plan", "second or later plans"),
            ),
            (
                "cp.repeat_within_12m.pct",
                w(
                    "{} of plans that started came within 12 months of the child's previous plan ending",
                    "plans repeated within 12 months",
                ),
            ),
            (
                "cp.over_2_years.pct",
                w(
                    "of the children on a plan at 31 March, {} had been on it for two years or more",
                    "plans lasting two years or more",
                ),
            ),
            (
                "cp.ended.over_2_years.pct",
                w("{} of the plans that ended had lasted two years or more", "plans ending after two years or more"),
            ),
            (
                "cp.reviews.all_in_time.pct",
                w(
                    "of the children on a plan for three months or more at 31 March, {} had had every review on time",
                    "children whose reviews were all on time",
                ),
            ),
            ("cp.reviews.in_time.pct", w("{} of child protection reviews were held on time", "reviews held on time")),
        ],
        charts: &[
            ChartSpec::Trend {
                subject: "Children on a plan at 31 March",
                axis: "Number of plans",
                series: &[
                    ("cp.at_31_march", "On a plan at 31 March"),
                    ("cp.started", "Started in year"),
                    ("cp.ended", "Ended in year"),
                ],
            },
            ChartSpec::Breakdown {
                message: "{} was the most common category of plan at 31 March",
                axis: "Number of children",
                cells: Cells::Listed(&[
                    ("cp.at_31_march.category.neg", "Neglect"),
                    ("cp.at_31_march.category.emo", "Emotional abuse"),
                    ("cp.at_31_march.category.phy", "Physical abuse"),
                    ("cp.at_31_march.category.sab", "Sexual abuse"),
                    ("cp.at_31_march.category.mul", "Multiple categories"),
                ]),
                sort: true,
            },
        ],
        tables: &[],
        files: &["cp_plans.csv", "cp_reviews.csv"],
    },
    SectionSpec {
        id: "lac",
        title: "Looked-after children",
        about: "Children in the care of the local authority: how many came into care and left it, their ages, where they live, and whether their reviews were on time.",
        headlines: &[
            ("lac.at_31_march", w("{} children were looked after at 31 March", "children looked after at 31 March")),
            ("lac.at_31_march.rate", w("that is {} per 10,000 children", "children looked after per 10,000")),
            ("lac.started", w("{} children started to be looked after", "children who started to be looked after")),
            ("lac.ceased", w("{} children ceased to be looked after", "children who ceased to be looked after")),
            (
                "lac.outside_la",
                w(
                    "{} children were placed outside the area's boundary at 31 March",
                    "children placed outside the area",
                ),
            ),
            (
                "lac.outside_la.within_20_miles.pct",
                w(
                    "{} of those placed outside the area lived within 20 miles of home",
                    "placed outside but within 20 miles",
                ),
            ),
            ("lac.reviews.in_time.pct", w("{} of looked-after reviews were held on time", "reviews held on time")),
            (
                "lac.reviews.participated.pct",
                w(
                    "children aged 4 or over made their views known in {} of their reviews",
                    "reviews in which the child's views were conveyed",
                ),
            ),
            (
                "lac.placements_3plus.pct",
                w(
                    "{} of children looked after at 31 March had had three or more placements in the year",
                    "three or more placements in the year",
                ),
            ),
            (
                "lac.long_term_stability.pct",
                w(
                    "of children under 16 looked after for two and a half years or more, {} had lived in the same placement for two years or were placed for adoption",
                    "long-term placement stability",
                ),
            ),
            (
                "lac.over_20_miles.pct",
                w(
                    "{} of children looked after were placed more than 20 miles from home",
                    "placed more than 20 miles from home",
                ),
            ),
            (
                "lac.uasc",
                w(
                    "{} of the children looked after at 31 March were unaccompanied asylum-seeking children",
                    "unaccompanied asylum-seeking children",
                ),
            ),
            (
                "lac.missing.children.pct",
                w(
                    "{} of the children looked after during the year went missing from care",
                    "children who went missing from care",
                ),
            ),
            (
                "lac.away.children.pct",
                w("{} were away from their placement without permission", "children away from placement"),
            ),
        ],
        charts: &[
            ChartSpec::Trend {
                subject: "Admissions to care",
                axis: "Number of children",
                series: &[("lac.started", "Started to be looked after"), ("lac.ceased", "Ceased to be looked after")],
            },
            ChartSpec::Trend {
                subject: "Children aged 10 to 15",
                axis: "Number of children",
                series: &[
                    ("lac.age.10_15", "Aged 10 to 15"),
                    ("lac.age.5_9", "Aged 5 to 9"),
                    ("lac.age.1_4", "Aged 1 to 4"),
                    ("lac.age.16_plus", "Aged 16 and over"),
                ],
            },
            ChartSpec::Breakdown {
                message: "Most looked-after children lived in {} placements at 31 March",
                axis: "Number of children",
                cells: Cells::Listed(&[
                    ("lac.placement.foster", "Foster"),
                    ("lac.placement.residential", "Residential"),
                    ("lac.placement.parents", "With parents"),
                    ("lac.placement.adoption", "Placed for adoption"),
                    ("lac.placement.independent", "Independent living"),
                    ("lac.placement.other", "Other"),
                ]),
                sort: true,
            },
            ChartSpec::Breakdown {
                message: "Most children looked after at 31 March were {}",
                axis: "Number of children",
                cells: Cells::Listed(&[
                    ("lac.legal_status.c1", "On an interim care order"),
                    ("lac.legal_status.c2", "On a full care order"),
                    ("lac.legal_status.e1", "On a placement order"),
                    ("lac.legal_status.v2", "Accommodated under section 20"),
                    ("lac.legal_status.d1", "On a freeing order"),
                    ("lac.legal_status.l1", "In police protection"),
                    ("lac.legal_status.l2", "On an emergency protection order"),
                    ("lac.legal_status.l3", "On a child assessment order"),
                    ("lac.legal_status.j1", "Remanded"),
                    ("lac.legal_status.j2", "Placed under PACE"),
                    ("lac.legal_status.j3", "On a youth rehabilitation order"),
                ]),
                sort: true,
            },
        ],
        tables: &[],
        files: &["lac_episodes.csv", "lac_header.csv", "lac_reviews.csv", "lac_uasc.csv", "lac_missing.csv"],
    },
    SectionSpec {
        id: "leaving_care",
        title: "Leaving care, adoption and care leavers",
        about: "Why children left care, how quickly children who were adopted found their family (the Department for Education's adoption measures A1 and A2, in days), and how the authority's care leavers aged 17 to 21 were doing around their birthday.",
        headlines: &[
            ("lac.ceased", w("{} children ceased to be looked after", "children who ceased to be looked after")),
            ("adoption.adopted", w("{} children were adopted", "children adopted")),
            ("adoption.sgo", w("{} children left care on a special guardianship order", "special guardianship orders")),
            ("lac.ceased.aged_18", w("{} young people left care at 18 or over", "leaving care at 18 or over")),
            (
                "adoption.a1.days",
                w(
                    "children adopted waited on average {} days between entering care and moving in with their adoptive family",
                    "days from entering care to moving in (A1)",
                ),
            ),
            (
                "adoption.a1.days_3yr",
                w("over three years the average was {} days", "days from entering care to moving in, three years (A1)"),
            ),
            (
                "adoption.a2.days",
                w(
                    "on average {} days passed between the court's authority to place a child and the match with adopters",
                    "days from court authority to match (A2)",
                ),
            ),
            (
                "care_leavers.19_21.in_touch.pct",
                w(
                    "the authority was in touch with {} of care leavers aged 19 to 21",
                    "care leavers aged 19 to 21 in touch",
                ),
            ),
            (
                "care_leavers.19_21.eet.pct",
                w(
                    "{} of care leavers aged 19 to 21 were in education, employment or training",
                    "care leavers aged 19 to 21 in education, employment or training",
                ),
            ),
            (
                "care_leavers.19_21.suitable_accommodation.pct",
                w(
                    "{} of care leavers aged 19 to 21 were in suitable accommodation",
                    "care leavers aged 19 to 21 in suitable accommodation",
                ),
            ),
            (
                "care_leavers.17_18.eet.pct",
                w(
                    "{} of care leavers aged 17 or 18 were in education, employment or training",
                    "care leavers aged 17 or 18 in education, employment or training",
                ),
            ),
        ],
        charts: &[
            ChartSpec::Breakdown {
                message: "Children who left care most often {}",
                axis: "Number of children",
                cells: Cells::Listed(&[
                    ("lac.ceased.reason.returned_home", "returned home"),
                    ("lac.ceased.reason.adopted", "were adopted"),
                    ("lac.ceased.reason.special_guardianship", "left on a special guardianship order"),
                    ("lac.ceased.reason.child_arrangements", "left on a child arrangements order"),
                    ("lac.ceased.reason.with_relatives", "went to live with relatives or friends"),
                    ("lac.ceased.reason.independent_living", "moved to independent living"),
                    ("lac.ceased.reason.staying_put", "stayed on with their carers after 18"),
                    ("lac.ceased.reason.other", "left for another reason"),
                ]),
                sort: true,
            },
            ChartSpec::Trend {
                subject: "Care leavers aged 19 to 21",
                axis: "Per cent",
                series: &[
                    ("care_leavers.19_21.in_touch.pct", "In touch"),
                    ("care_leavers.19_21.suitable_accommodation.pct", "In suitable accommodation"),
                    ("care_leavers.19_21.eet.pct", "In education, employment or training"),
                ],
            },
        ],
        tables: &[],
        files: &["lac_episodes.csv", "lac_ad1.csv", "lac_oc3.csv"],
    },
    SectionSpec {
        id: "who",
        title: "Who the children are",
        about: "The children in need, on a child protection plan and looked after at 31 March by sex, ethnic group, age and disability, beside the area's children as a whole: a group whose share of a service is well above its share of the area's children may be over-represented.",
        headlines: &[],
        charts: &[],
        tables: &[TableSpec::Characteristics],
        files: &["children.csv", "lac_header.csv", "population.csv"],
    },
    SectionSpec {
        id: "exploitation",
        title: "Exploitation and missing children",
        about: "Children at risk of sexual exploitation are discussed at a multi-agency panel; children who go missing are offered a return interview. Both groups overlap with children known to social care.",
        headlines: &[
            (
                "cse.children",
                w("{} children were discussed at the exploitation panel", "children discussed at the panel"),
            ),
            ("cse.age.14_16.pct", w("{} of them were aged 14 to 16 when first discussed", "aged 14 to 16")),
            ("missing.episodes", w("{} missing episodes began", "missing episodes")),
            ("missing.children", w("{} different children went missing", "children who went missing")),
            (
                "missing.open_to_csc.children.pct",
                w(
                    "{} of children who went missing were open to social care at the time",
                    "missing children open to social care",
                ),
            ),
            (
                "missing.cse_known.children",
                w(
                    "{} children who went missing were known to the exploitation panel",
                    "missing children known to the panel",
                ),
            ),
        ],
        charts: &[
            ChartSpec::Breakdown {
                message: "Most children discussed at the panel were assessed at {} risk",
                axis: "Number of children",
                cells: Cells::Listed(&[
                    ("cse.risk.high", "high"),
                    ("cse.risk.medium", "medium"),
                    ("cse.risk.low", "low"),
                ]),
                sort: false,
            },
            ChartSpec::Breakdown {
                message: "Most children discussed at the panel were {}",
                axis: "Per cent of children discussed",
                cells: Cells::Listed(&[
                    ("cse.sex.f.pct", "girls"),
                    ("cse.sex.m.pct", "boys"),
                    ("cse.sex.u.pct", "of unknown sex"),
                ]),
                sort: true,
            },
            ChartSpec::Breakdown {
                message: "Most children discussed at the panel were of {} ethnicity",
                axis: "Per cent of children discussed",
                cells: Cells::Listed(&[
                    ("cse.ethnicity.white_british.pct", "White British"),
                    ("cse.ethnicity.other.pct", "another"),
                    ("cse.ethnicity.unknown.pct", "unrecorded"),
                ]),
                sort: true,
            },
            ChartSpec::Breakdown {
                message: "Panel discussions were most often about a child whose plan was {}",
                axis: "Per cent of discussions",
                cells: Cells::Listed(&[
                    ("cse.plan.cic.pct", "looked after"),
                    ("cse.plan.cin.pct", "a child in need plan"),
                    ("cse.plan.cpp.pct", "a child protection plan"),
                    ("cse.plan.none.pct", "none"),
                    ("cse.plan.cfa.pct", "an assessment"),
                    ("cse.plan.early_help.pct", "early help"),
                    ("cse.plan.pathway.pct", "a pathway plan"),
                    ("cse.plan.adult.pct", "adult services"),
                ]),
                sort: true,
            },
            ChartSpec::Trend {
                subject: "Missing episodes",
                axis: "Number",
                series: &[("missing.episodes", "Episodes"), ("missing.children", "Children")],
            },
        ],
        tables: &[],
        files: &["cse_panel.csv", "missing_episodes.csv"],
    },
    SectionSpec {
        id: "early_help",
        title: "Early help",
        about: "Early help supports families before needs escalate, through the local authority's own teams and partner agencies.",
        headlines: &[
            ("early_help.started", w("{} early help assessments started", "early help assessments started")),
            ("early_help.open_at_31_march", w("{} early help assessments were open at 31 March", "open at 31 March")),
            ("early_help.ended", w("{} early help assessments ended", "early help assessments ended")),
            (
                "early_help.ended.reduced.pct",
                w(
                    "{} of those that ended, with both levels recorded, ended at a lower level of need than they began",
                    "ended with needs reduced",
                ),
            ),
            ("early_help.ended.increased.pct", w("{} ended at a higher level of need", "ended with needs increased")),
            (
                "early_help.ended.stepped_up.pct",
                w(
                    "{} of children whose early help ended were referred to children's social care within three months",
                    "stepped up within three months",
                ),
            ),
            (
                "early_help.ended.referred_12m.pct",
                w(
                    "{} of children whose early help had ended were referred to children's social care within twelve months",
                    "referred within twelve months",
                ),
            ),
        ],
        charts: &[ChartSpec::Monthly {
            subject: "Open early help assessments",
            axis: "Open at month end",
            series: &[
                ("early_help.open_at_month_end.total", "All"),
                ("early_help.open_at_month_end.internal", "Local authority"),
                ("early_help.open_at_month_end.external", "Partner agencies"),
            ],
        }],
        tables: &[],
        files: &["early_help.csv"],
    },
    SectionSpec {
        id: "training",
        title: "Multi-agency training",
        about: "The partnership's training programme: sessions run, who came, and what attendees said it did for their understanding.",
        headlines: &[
            ("training.sessions.delivered", w("{} training sessions were delivered", "sessions delivered")),
            ("training.sessions.cancelled", w("{} sessions were cancelled", "sessions cancelled")),
            ("training.topics", w("{} different courses were run", "courses run")),
            ("training.places_taken", w("{} places were taken", "places taken")),
            ("training.dna.pct", w("{} of booked places were not attended", "booked places not attended")),
            (
                "training.understanding.gain.mean",
                w(
                    "on average, attendees rated their understanding {} points higher after training than before",
                    "average gain in understanding",
                ),
            ),
            (
                "training.recommend.pct",
                w("{} of attendees would recommend the training", "attendees who would recommend it"),
            ),
        ],
        charts: &[ChartSpec::Breakdown {
            message: "{} took the most training places",
            axis: "Places taken",
            cells: Cells::Matching { prefix: "training.agency.", suffix: "" },
            sort: true,
        }],
        tables: &[],
        files: &["training_sessions.csv", "training_attendance.csv"],
    },
    SectionSpec {
        id: "partners",
        title: "Partner measures",
        about: "Figures supplied by partner agencies and services, as they gave them.",
        headlines: &[],
        charts: &[],
        tables: &[TableSpec::PartnerMeasures],
        files: &["measures.csv"],
    },
];

/// Abbreviations the report may use; the glossary lists those that appear.
pub const GLOSSARY: &[(&str, &str)] = &[
    ("CCE", "Child criminal exploitation"),
    ("CIN", "Child in need: a child assessed as needing social care services"),
    ("CP", "Child protection"),
    ("CSE", "Child sexual exploitation"),
    ("DfE", "Department for Education"),
    ("FGM", "Female genital mutilation"),
    ("LA", "Local authority"),
    ("LADO", "Local authority designated officer, who handles allegations against adults working with children"),
    ("MARAC", "Multi-agency risk assessment conference, for victims of high-risk domestic abuse"),
    ("NFA", "No further action"),
    ("SHA-256", "A fingerprint of a file's contents: any change to the file changes it"),
    ("UASC", "Unaccompanied asylum-seeking child"),
];

/// Labels for breakdown cells whose code is an abbreviation.
pub const LABELS: &[(&str, &str)] = &[
    ("cse", "Sexual exploitation (CSE)"),
    ("cce", "Criminal exploitation (CCE)"),
    ("uasc", "Unaccompanied asylum seeker (UASC)"),
    ("fgm", "Female genital mutilation (FGM)"),
    ("socially_unacceptable_behaviour", "Socially unacceptable behaviour"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::topics::{TOPICS, catalogue, is_known};

    /// Every literal id a section names, with what names it.
    fn named() -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        for s in SECTIONS {
            out.extend(s.headlines.iter().map(|(id, _)| (*id, format!("{} headline", s.id))));
            for chart in s.charts {
                let ids: &[(&str, &str)] = match chart {
                    ChartSpec::Trend { series, .. } | ChartSpec::Monthly { series, .. } => series,
                    ChartSpec::Comparators { ids, .. } => ids,
                    ChartSpec::Breakdown { cells: Cells::Listed(cells), .. } => cells,
                    ChartSpec::Breakdown { cells: Cells::Matching { .. }, .. } => &[],
                    ChartSpec::Funnel { indicator, .. } => {
                        out.push((*indicator, format!("{} funnel plot", s.id)));
                        &[]
                    }
                };
                out.extend(ids.iter().map(|(id, _)| (*id, format!("{} chart", s.id))));
            }
        }
        out
    }

    #[test]
    fn every_file_a_section_names_is_in_the_contract() {
        for s in SECTIONS {
            assert!(!s.files.is_empty(), "{}", s.id);
            for f in s.files {
                assert!(crate::contract::FILES.iter().any(|c| c.file_name() == *f), "{}: {f}", s.id);
            }
        }
    }

    #[test]
    fn every_id_a_section_names_is_declared() {
        let unknown: Vec<String> =
            named().into_iter().filter(|(id, _)| !is_known(id)).map(|(id, at)| format!("{id} ({at})")).collect();
        assert!(unknown.is_empty(), "not in the catalogue: {unknown:?}");
    }

    #[test]
    fn every_breakdown_found_in_the_figures_has_cells_to_find() {
        let all = catalogue();
        let dynamic: Vec<&str> = TOPICS.iter().flat_map(|t| t.dynamic).map(|d| d.prefix).collect();
        for s in SECTIONS {
            for chart in s.charts {
                let ChartSpec::Breakdown { cells: Cells::Matching { prefix, suffix }, .. } = chart else { continue };
                let declared = all.iter().any(|i| i.id.starts_with(prefix) && i.id.ends_with(suffix));
                let found = suffix.is_empty() && dynamic.iter().any(|d| format!("{d}.") == *prefix);
                assert!(declared || found, "{}: no indicator matches {prefix}…{suffix}", s.id);
            }
        }
    }

    #[test]
    fn the_routing_table_names_declared_cells() {
        for (n, _, _) in LEVELS {
            assert!(is_known(&format!("contacts.level.{n}")));
            for (o, _) in OUTCOMES {
                assert!(is_known(&format!("contacts.level.{n}.{o}.pct")), "level {n} outcome {o}");
            }
        }
    }

    #[test]
    fn section_ids_are_unique_and_name_narrative_files() {
        let mut ids: Vec<&str> = SECTIONS.iter().map(|s| s.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), SECTIONS.len());
        assert!(ids.iter().all(|id| !id.contains('.') && !id.is_empty()), "a section id is a file stem");
    }
}
