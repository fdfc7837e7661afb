//! Sections on exploitation, early help, learning from reviews, training and the partners' own
//! measures.

use super::spec::{Cells, ChartSpec, SectionSpec, TableSpec, w};

pub(super) const EXPLOITATION: SectionSpec = SectionSpec {
    id: "exploitation",
    title: "Exploitation and missing children",
    about: "Children at risk of sexual exploitation are discussed at a multi-agency panel; children who go missing are offered a return interview. Both groups overlap with children known to social care.",
    headlines: &[
        ("cse.children", w("{} children were discussed at the exploitation panel", "children discussed at the panel")),
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
            cells: Cells::Listed(&[("cse.risk.high", "high"), ("cse.risk.medium", "medium"), ("cse.risk.low", "low")]),
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
};

pub(super) const EARLY_HELP: SectionSpec = SectionSpec {
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
                "{} of those that ended, with both levels recorded, ended with less need than when they began",
                "ended with needs reduced",
            ),
        ),
        (
            "early_help.ended.increased.pct",
            w("{} ended with more need than when they began", "ended with needs increased"),
        ),
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
};

pub(super) const TRAINING: SectionSpec = SectionSpec {
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
};

pub(super) const PARTNERS: SectionSpec = SectionSpec {
    id: "partners",
    title: "Partner measures",
    about: "Figures supplied by partner agencies and services, as they gave them.",
    headlines: &[],
    charts: &[],
    tables: &[TableSpec::PartnerMeasures],
    files: &["measures.csv"],
};

pub(super) const BUDGET: SectionSpec = SectionSpec {
    id: "budget",
    title: "Partner contributions and the budget",
    about: "What each partner contributed to the partnership's work, and what the money was spent on.",
    headlines: &[
        ("budget.contributions", w("partners contributed {} to the partnership", "contributions")),
        ("budget.spending", w("the partnership spent {}", "spending")),
    ],
    charts: &[
        ChartSpec::Breakdown {
            message: "{} contributed the most",
            axis: "Pounds",
            cells: Cells::Matching { prefix: "budget.income.", suffix: "" },
            sort: true,
        },
        ChartSpec::Breakdown {
            message: "Most was spent on {}",
            axis: "Pounds",
            cells: Cells::Matching { prefix: "budget.spend.", suffix: "" },
            sort: true,
        },
    ],
    tables: &[TableSpec::Budget],
    files: &["budget.csv"],
};

pub(super) const REVIEWS: SectionSpec = SectionSpec {
    id: "reviews",
    title: "Learning from reviews",
    about: "When a child dies or is seriously harmed and abuse or neglect is known or suspected, the partnership notifies the national panel and holds a rapid review, which Working Together expects within 15 working days; the review decides whether a local child safeguarding practice review should follow. The board's actions carry the learning into practice.",
    headlines: &[
        (
            "reviews.notified",
            w("{} serious incidents were notified to the national panel", "serious incidents notified"),
        ),
        (
            "reviews.rapid_review.within_15wd.pct",
            w("{} of rapid reviews were completed within 15 working days", "rapid reviews within 15 working days"),
        ),
        (
            "reviews.cspr.commissioned",
            w(
                "a local child safeguarding practice review was decided on for {} of them",
                "practice reviews decided on",
            ),
        ),
        ("reviews.cspr.published", w("{} practice reviews were published", "practice reviews published")),
        ("actions.completed.pct", w("{} of the board's actions were completed by 31 March", "actions completed")),
        ("actions.overdue", w("{} actions were overdue at 31 March", "actions overdue")),
    ],
    charts: &[
        ChartSpec::Breakdown {
            message: "Most actions were {} at 31 March",
            axis: "Number of actions",
            cells: Cells::Listed(&[
                ("actions.completed", "completed"),
                ("actions.on_track", "not yet due"),
                ("actions.overdue", "overdue"),
            ]),
            sort: false,
        },
        ChartSpec::Breakdown {
            message: "The learning most often concerned {}",
            axis: "Number of incidents notified",
            cells: Cells::Matching { prefix: "reviews.theme.", suffix: "" },
            sort: true,
        },
    ],
    tables: &[TableSpec::Actions],
    files: &["practice_reviews.csv", "actions.csv"],
};
