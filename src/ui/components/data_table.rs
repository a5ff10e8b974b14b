//! One table for the lists of rows: the customers, the aged balance, the
//! dunning calendar and the late invoices. A table is its columns (title,
//! what a click on the title sorts by, figures aligned right, each row's
//! cell); this file draws what they share: the header with its sort
//! buttons and `aria-sort`, the rows, the pager with its "rows 1 to 50 of
//! N" line, the line said when a search matches nothing, and the search
//! box (`TableSearch`).
//!
//! The table shows one page and says what the user asked through
//! callbacks: a sort (`Sorting::on_sort`) and a page (`Paging::on_page`).
//! Where the rows live in the worker (every table here: a file may have
//! 50,000 customers), the caller puts them in the next query; where all the
//! rows are at hand, the caller sorts and slices them itself (a `Memo`
//! over the same signals) and passes the page. Either way the table draws
//! only what it is given and does no arithmetic on it.
//!
//! Everything here is a native control: the sort headers and the pager are
//! buttons, reached with Tab and pressed with Enter or Space.

use crate::i18n::{dash_tr, Locale};
use crate::ui::format;
use leptos::attr::any_attribute::AnyAttribute;
use leptos::prelude::*;

/// A row's cell: its text in a `<td>` (aligned right for a figure), or
/// drawn whole (a `<td>` with its `data-value`, the `<th scope="row">`
/// naming the row...).
enum Cell<R> {
    Text(Box<dyn Fn(&R) -> String>),
    Drawn(Box<dyn Fn(&R) -> AnyView>),
}
/// A row drawn around its cells: its `<tr>` with its attributes, and what
/// follows it (the invoices of an opened row).
pub type RowView<R> = Box<dyn Fn(&R, AnyView) -> AnyView>;

/// One column of a table.
pub struct Column<R, K> {
    label: String,
    sort: Option<K>,
    numeric: bool,
    descending_first: bool,
    cell: Cell<R>,
}

impl<R, K> Column<R, K> {
    /// A column titled `label`; `cell` draws each row's cell.
    pub fn new(label: impl Into<String>, cell: impl Fn(&R) -> AnyView + 'static) -> Self {
        Self::with(label.into(), Cell::Drawn(Box::new(cell)))
    }

    /// A column titled `label` whose cells are the text `text` gives.
    pub fn text(label: impl Into<String>, text: impl Fn(&R) -> String + 'static) -> Self {
        Self::with(label.into(), Cell::Text(Box::new(text)))
    }

    fn with(label: String, cell: Cell<R>) -> Self {
        Column { label, sort: None, numeric: false, descending_first: false, cell }
    }

    /// Figures: the title and text cells aligned right (a cell drawn whole
    /// says it itself, with its `data-value`), sorted largest first at the
    /// first click.
    pub fn numeric(mut self) -> Self {
        self.numeric = true;
        self.descending_first = true;
        self
    }

    /// A click on the title sorts the rows by `key` (another click turns
    /// the order round).
    pub fn sorts(mut self, key: K) -> Self {
        self.sort = Some(key);
        self
    }

    /// Sorted from the top of its scale at the first click (a rating: D
    /// first), though its title is aligned as text.
    pub fn descending_first(mut self) -> Self {
        self.descending_first = true;
        self
    }
}

/// How a table is sorted, and who sorts it.
pub struct Sorting<K: 'static> {
    /// The column the rows are sorted by, and whether the largest come first.
    pub by: (K, bool),
    /// Called with the order a click on a title asks for.
    pub on_sort: Callback<(K, bool)>,
}

/// The order a click on `column`'s title asks for: the other way round on
/// the sorted column, else that column from its own first direction.
fn next_sort<K: PartialEq + Copy>(by: (K, bool), column: K, descending_first: bool) -> (K, bool) {
    if by.0 == column {
        (column, !by.1)
    } else {
        (column, descending_first)
    }
}

/// The `data-testid`s of a table's pager and lines.
pub struct PagerIds {
    pub pager: String,
    pub previous: String,
    pub next: String,
    /// The "rows 1 to 50 of N" line.
    pub shown: String,
}

impl PagerIds {
    /// `{name}-pager`, `{name}-prev`, `{name}-next`, `{name}-rows-shown`.
    pub fn named(name: &str) -> Self {
        PagerIds {
            pager: format!("{name}-pager"),
            previous: format!("{name}-prev"),
            next: format!("{name}-next"),
            shown: format!("{name}-rows-shown"),
        }
    }
}

/// Which page of the rows is shown, and who turns the pages.
pub struct Paging {
    /// The first row shown (from 0).
    pub first: usize,
    /// Rows on a full page.
    pub page_rows: usize,
    /// Rows on every page together (those the search keeps).
    pub total: usize,
    /// Called with the first row of the page asked for.
    pub on_page: Callback<usize>,
    /// What the pager is called (read by screen readers).
    pub label: String,
    /// The line under the table: (first, last, total) → "Lignes 1 à 50 sur 812".
    pub shown_text: fn(&str, &str, &str) -> String,
    pub ids: PagerIds,
}

/// A table of `rows` under its columns' titles, with a pager when the rows
/// fill more than one page.
#[component]
pub fn DataTable<R, K>(
    /// Its texts' language.
    locale: Locale,
    /// The table's `data-testid`.
    testid: &'static str,
    /// The table's class (its own widths and colours).
    class: &'static str,
    /// The columns, left to right.
    columns: Vec<Column<R, K>>,
    /// The rows of the page shown.
    rows: Vec<R>,
    /// Draws a row around its cells; a bare `<tr>` when not given.
    #[prop(optional)]
    row: Option<RowView<R>>,
    /// How the rows are sorted; titles without sort buttons when not given.
    #[prop(optional)]
    sorting: Option<Sorting<K>>,
    /// The page shown; every row at once when not given.
    #[prop(optional)]
    paging: Option<Paging>,
    /// The `data-testid` of the line said when no row matches the search
    /// (the table is searched); nothing is said when not given.
    #[prop(optional)]
    no_match: Option<&'static str>,
    /// The table's totals row (`<tfoot>`).
    #[prop(optional)]
    foot: Option<AnyView>,
    /// More attributes of the `<table>` (`data-rows`...).
    #[prop(optional)]
    attrs: Vec<AnyAttribute>,
) -> impl IntoView
where
    R: 'static,
    K: PartialEq + Copy + Send + Sync + 'static,
{
    // The generic part is small: each column's title and sort order, and
    // the rows drawn; the rest is drawn once for every table (`draw`).
    let heads = columns
        .iter()
        .map(|c| Head {
            label: c.label.clone(),
            numeric: c.numeric,
            aria: c.sort.zip(sorting.as_ref()).map(|(key, s)| match (s.by.0 == key, s.by.1) {
                (false, _) => "none",
                (true, true) => "descending",
                (true, false) => "ascending",
            }),
        })
        .collect();
    let on_head = sorting.map(|s| {
        let keys: Vec<_> = columns.iter().map(|c| (c.sort, c.descending_first)).collect();
        Callback::new(move |i: usize| {
            if let Some((Some(key), descending_first)) = keys.get(i).copied() {
                s.on_sort.run(next_sort(s.by, key, descending_first));
            }
        })
    });
    let body = rows
        .iter()
        .map(|r| {
            let cells = columns
                .iter()
                .map(|c| match &c.cell {
                    Cell::Text(text) => view! { <td class:num=c.numeric>{text(r)}</td> }.into_any(),
                    Cell::Drawn(draw) => draw(r),
                })
                .collect_view()
                .into_any();
            match &row {
                Some(row) => row(r, cells),
                None => view! { <tr>{cells}</tr> }.into_any(),
            }
        })
        .collect();
    draw(Drawn { locale, testid, class, heads, on_head, body, paging, no_match, foot, attrs })
}

/// A column's title as drawn: `aria` is its sort state, `None` when it
/// does not sort.
struct Head {
    label: String,
    numeric: bool,
    aria: Option<&'static str>,
}

/// A table with its rows drawn, ready to be laid out.
struct Drawn {
    locale: Locale,
    testid: &'static str,
    class: &'static str,
    heads: Vec<Head>,
    /// Called with the index of the title clicked.
    on_head: Option<Callback<usize>>,
    body: Vec<AnyView>,
    paging: Option<Paging>,
    no_match: Option<&'static str>,
    foot: Option<AnyView>,
    attrs: Vec<AnyAttribute>,
}

/// The table's titles, rows and foot, the line said when the search
/// matches nothing, and the pager.
fn draw(t: Drawn) -> AnyView {
    let dt = dash_tr(t.locale);
    let heads = t
        .heads
        .into_iter()
        .enumerate()
        .map(|(i, h)| {
            let title = match (h.aria, t.on_head) {
                (Some(_), Some(on_head)) => {
                    let tip = (dt.sort_by)(&h.label);
                    view! {
                        <button type="button" class="sort" title=tip on:click=move |_| on_head.run(i)>
                            {h.label}
                        </button>
                    }
                    .into_any()
                }
                _ => h.label.into_any(),
            };
            view! { <th scope="col" class:num=h.numeric aria-sort=h.aria>{title}</th> }
        })
        .collect_view();
    let shown = t.body.len();
    let total = t.paging.as_ref().map_or(shown, |p| p.total);
    let pager = t.paging.filter(|p| p.total > p.page_rows || p.first > 0).map(|p| {
        let (first, page_rows, on_page) = (p.first, p.page_rows, p.on_page);
        let c = |n: usize| format::count(t.locale, n as u64);
        let line = (p.shown_text)(&c(first + 1), &c(first + shown), &c(p.total));
        view! {
            <nav class="pager" aria-label=p.label data-testid=p.ids.pager>
                <button
                    type="button"
                    class="btn small"
                    data-testid=p.ids.previous
                    disabled={first == 0}
                    on:click=move |_| on_page.run(first.saturating_sub(page_rows))
                >
                    {"‹ "}{dt.previous_page}
                </button>
                <span class="muted" data-testid=p.ids.shown aria-live="polite">{line}</span>
                <button
                    type="button"
                    class="btn small"
                    data-testid=p.ids.next
                    disabled={first + shown >= p.total}
                    on:click=move |_| on_page.run(first + page_rows)
                >
                    {dt.next_page}{" ›"}
                </button>
            </nav>
        }
    });
    view! {
        <div class="table-wrap">
            <table class=t.class data-testid={t.testid} {..t.attrs}>
                <thead>
                    <tr>{heads}</tr>
                </thead>
                <tbody>{t.body}</tbody>
                {t.foot.map(|f| view! { <tfoot>{f}</tfoot> })}
            </table>
        </div>
        {t.no_match.filter(|_| total == 0).map(|id| view! { <p class="muted" data-testid=id>{dt.no_match}</p> })}
        {pager}
    }
    .into_any()
}

/// The search box over a table (a name or a code): what is typed goes to
/// `search` at each key.
#[component]
pub fn TableSearch(
    /// The box's `data-testid`.
    testid: &'static str,
    /// What is typed.
    search: RwSignal<String>,
) -> impl IntoView {
    let state = crate::ui::state::AppState::expect();
    let dt = move || dash_tr(state.locale.get());
    view! {
        <label class="field inline">
            <span>{move || dt().search_label}</span>
            <input
                type="search"
                data-testid=testid
                placeholder=move || dt().search_placeholder
                on:input=move |ev| search.set(event_target_value(&ev))
            />
        </label>
    }
}
