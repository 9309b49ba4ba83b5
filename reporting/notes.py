"""The report's notes: every choice that a rule of DOMAIN.md leaves open, made explicit.

Keep in step with reporting/rules.py and reporting/selectors.py.
"""

from django.utils.translation import gettext as _


def report_notes() -> list[tuple[str, str]]:
    return [
        (
            _("Libraries counted"),
            _(
                "The denominator of every share is the list of library organisations AKE has saved for the "
                "year; without one, the organisations active in the registry on 31 December of the year. A "
                "branch counts for its organisation: Nakkila's library, run by Pori, counts as a branch of "
                "Pori City Library. The libraries counted are listed in the appendix."
            ),
        ),
        (
            _("Mergers and changes in the registry"),
            _(
                "A library that ended during the year (for example in a merger) is not counted on 31 "
                "December. "
                "If it took part before it ended, it is listed under 'took part but not counted' and does "
                "not "
                "raise the share. A frozen year keeps the libraries and names it had when it was frozen."
            ),
        ),
        (
            _("Ranges"),
            _(
                "A range target a–b is met at a or more and exceeded above b; exceeded is still met. A "
                "single "
                "number (such as 2 or 5) is read as the range from that number to itself: met when reached, "
                "exceeded above it."
            ),
        ),
        (
            _("Open targets"),
            _("A target '≥ x' is met at x or more. It has no upper bound, so it is never shown as exceeded."),
        ),
        (
            _("Shares"),
            _(
                "A share is the libraries that took part divided by the libraries counted, judged on the "
                "exact "
                "fraction and shown rounded to one decimal (49.96 % is shown as 50.0 % but does not meet a "
                "50 % "
                "target)."
            ),
        ),
        (
            _("Compared with the previous year"),
            _(
                "'≥ previous year' is met when the value is at least the previous year's value. '≈ previous "
                "year (±10 %)' is met within 10 % of it either way, exceeded above that and not met below. "
                "The "
                "previous year's value is its frozen figure when that year is frozen; otherwise it is "
                "computed "
                "now. Without a previous year's value the indicator is not judged."
            ),
        ),
        (
            _("Yes/no and working groups"),
            _(
                "'Done' is met when the year's book-fair stand is marked done. C1 counts, for each working "
                "group counted in the year, its meetings and the events it organised. AKE decides which "
                "groups are counted each year; by default they are the groups of the plan's section 3.2 "
                "(the planning group, the visibility group, VarSat, the digital group, the diversity group "
                "and the events network); ÅKE (counted in C5) and Svenska gruppen are not among them. 'All "
                "groups ≥ 2' is judged on the meetings: it is met when every counted group has convened at "
                "least twice in the year. Each group's meetings and organised events are listed in the "
                "appendix."
            ),
        ),
        (
            _("Counting rules"),
            _(
                "An event or period counts in the year it starts, so an event across New Year counts in the "
                "year it began. Cancelled events never count. Duplicate attendance rows count once. A "
                "reciprocal rotation counts as two periods. The number of subscribed addresses is taken on "
                "31 "
                "December (today, for the running year)."
            ),
        ),
        (
            _("Manual values"),
            _(
                "Where the extranet has no data for an indicator, AKE can enter a value with a note; it is "
                "marked 'manual'. A value computed from the data always wins, unless AKE has explicitly "
                "chosen "
                "to override it."
            ),
        ),
        (
            _("No data"),
            _(
                "'No data' is a state of its own: it is shown as such, never as 0, and never judged. An "
                "indicator has no data for a year before the first record the extranet holds of its kind "
                "(the first event, visit, notice, loan and so on, imported records included), or when "
                "the records it reads are missing for the year (no usage figures, no book-fair record, no "
                "interlibrary loans). Once records of a kind exist, a year without any is a real 0. A "
                "manual value fills a year without data."
            ),
        ),
        (
            _("Judging the exact value"),
            _(
                "Every status is judged on the exact value with one rule for every indicator, never on "
                "the rounded figure shown: a feedback mean of 3.996 is shown as 4.00 but does not meet "
                "a target of 4.0, and a share of 49.96 % is shown as 50.0 % but does not meet 50 %."
            ),
        ),
        (
            _("Guests from outside the region"),
            _(
                "Only the region's libraries and their staff count. Guests from outside the region (staff "
                "of other regions' libraries, the regional state agency, trainers) may take part; their "
                "attendances are shown beside B2, B3 and B6 as '+ guests' and are never counted in the "
                "figures, the shares or the distinct persons."
            ),
        ),
        (
            _("Visited and met libraries (C4)"),
            _(
                "C4 counts a library only where an AKE visit took place, in the library or one of its "
                "branches. A library whose staff only joined a visit held in another library was met, "
                "not visited: it is shown beside the share as 'met elsewhere' and not counted in it."
            ),
        ),
        (
            _("The running year"),
            _(
                "During the year the value is the value so far, and the status is the status so far. 'On "
                "track' means that the value so far together with what is already scheduled reaches the "
                "target. "
                "For a share the report can tell only when it knows which libraries are scheduled to take "
                "part; "
                "otherwise it says 'cannot tell' until the target is reached. A mean cannot be projected."
            ),
        ),
        (
            _("Grouping of Table 1"),
            _(
                "The indicators are grouped under the plan's three goals and their actions as in Table 1. "
                "The "
                "meetings of the Swedish-language cooperation group (C5) are placed under the cooperation of "
                "bilingual libraries, where the plan's merged table cell puts them."
            ),
        ),
        (
            _("Frozen years"),
            _(
                "When AKE freezes a year, its figures, drill-downs and PDF are kept as they were. Later "
                "changes "
                "to the data or the registry do not change a frozen year."
            ),
        ),
    ]
