//! Sections on the front door, assessment and child protection.

use super::spec::{Cells, ChartSpec, SectionSpec, TableSpec, w};

pub(super) const CONTEXT: SectionSpec = SectionSpec {
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
};

pub(super) const CONTACTS: SectionSpec = SectionSpec {
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
            w("{} of contacts at level 2 (getting advice) became referrals", "level 2 contacts that became referrals"),
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
};

pub(super) const ASSESSMENTS: SectionSpec = SectionSpec {
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
            w("{} of assessments ended with no further social care support", "assessments needing no further support"),
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
};

pub(super) const CIN: SectionSpec = SectionSpec {
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
};

pub(super) const S47: SectionSpec = SectionSpec {
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
        ("s47.icpc_not_required", w("{} enquiries ended with no conference needed", "enquiries needing no conference")),
        ("icpc.held", w("{} initial child protection conferences were held", "initial child protection conferences")),
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
};

pub(super) const CP: SectionSpec = SectionSpec {
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
};

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
