//! Sections on children looked after, care leavers and who the children are.

use super::spec::{Cells, ChartSpec, SectionSpec, TableSpec, w};

pub(super) const LAC: SectionSpec = SectionSpec {
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
            w("{} children were placed outside the area's boundary at 31 March", "children placed outside the area"),
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
        ChartSpec::Parts {
            whole: "Looked-after children",
            axis: "Number of children",
            series: &[
                ("lac.age.under_1", "Under 1"),
                ("lac.age.1_4", "Aged 1 to 4"),
                ("lac.age.5_9", "Aged 5 to 9"),
                ("lac.age.10_15", "Aged 10 to 15"),
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
};

pub(super) const LEAVING_CARE: SectionSpec = SectionSpec {
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
};

pub(super) const WHO: SectionSpec = SectionSpec {
    id: "who",
    title: "Who the children are",
    about: "The children in need, on a child protection plan and looked after at 31 March by sex, ethnic group, age and disability, beside the area's children as a whole: a group whose share of a service is well above its share of the area's children may be over-represented.",
    headlines: &[],
    charts: &[],
    tables: &[TableSpec::Characteristics],
    files: &["children.csv", "lac_header.csv", "population.csv"],
};
