//! The mapping screen: each column of the file with the role the import
//! guessed and its first values; the user re-assigns any column and
//! applies. Opened instead of an error when a required role is missing,
//! and on demand from the import summary or the payments panel. One
//! screen for both files: `MappingKind` says which roles it offers, which
//! are required and how they are named.

use crate::domain::import::mapping::{Layout, Role};
use crate::domain::import::payments::{missing_roles, PAYMENT_ROLES};
use crate::i18n::{pay_tr, tr, Locale, Msg};
use crate::ui::state::AppState;
use leptos::prelude::*;

/// Which file's columns the screen names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MappingKind {
    /// The invoices file (kpi.md "Records").
    #[default]
    Invoices,
    /// A payments file added beside it.
    Payments,
}

impl MappingKind {
    fn key(self) -> &'static str {
        match self {
            MappingKind::Invoices => "invoices",
            MappingKind::Payments => "payments",
        }
    }

    /// The roles offered, in the menus' order.
    fn roles(self) -> &'static [Role] {
        match self {
            MappingKind::Invoices => &Role::ALL,
            MappingKind::Payments => &PAYMENT_ROLES,
        }
    }

    /// The required roles a choice still lacks.
    fn missing(self, roles: &[Option<Role>]) -> Vec<Role> {
        match self {
            MappingKind::Invoices => missing(roles),
            MappingKind::Payments => missing_roles(roles),
        }
    }

    /// A role's name, in this file's sense.
    fn name(self, l: Locale, r: Role) -> &'static str {
        match self {
            MappingKind::Invoices => (tr(l).role)(r),
            MappingKind::Payments => (pay_tr(l).role)(r),
        }
    }

    /// A required role as the "still to choose" line names it (a payments
    /// file needs a reference or a label).
    fn missing_name(self, l: Locale, r: Role) -> &'static str {
        match (self, r) {
            (MappingKind::Payments, Role::InvoiceId) => pay_tr(l).reference_or_label,
            _ => self.name(l, r),
        }
    }

    fn title(self, l: Locale) -> String {
        match self {
            MappingKind::Invoices => (tr(l).msg)(&Msg::MappingTitle),
            MappingKind::Payments => pay_tr(l).mapping_title.to_string(),
        }
    }

    fn intro(self, l: Locale) -> String {
        match self {
            MappingKind::Invoices => (tr(l).msg)(&Msg::MappingIntro),
            MappingKind::Payments => pay_tr(l).mapping_intro.to_string(),
        }
    }
}

/// The select value of "do not use".
const IGNORE: &str = "";

fn role_key(r: Role) -> String {
    format!("{r:?}")
}

fn role_of_key(kind: MappingKind, k: &str) -> Option<Role> {
    kind.roles().iter().copied().find(|r| role_key(*r) == k)
}

/// The required roles a choice still lacks (kpi.md "Records": a customer,
/// an invoice date, an amount).
fn missing(roles: &[Option<Role>]) -> Vec<Role> {
    let has = |r: Role| roles.contains(&Some(r));
    let mut m = Vec::new();
    if !has(Role::CustomerId) && !has(Role::CustomerName) {
        m.push(Role::CustomerId);
    }
    if !has(Role::InvoiceDate) {
        m.push(Role::InvoiceDate);
    }
    if !has(Role::Amount) && !has(Role::OpenAmount) && !has(Role::AmountExclTax) {
        m.push(Role::Amount);
    }
    m
}

#[component]
pub fn MappingScreen(
    /// The file's columns, their guessed roles and first rows.
    layout: Layout,
    /// Called with the role of each column when the user applies.
    on_apply: Callback<Vec<Option<Role>>>,
    /// Called when the user closes the screen without applying.
    on_cancel: Callback<()>,
    /// Which file's columns these are (default: the invoices file's).
    #[prop(optional)]
    kind: MappingKind,
) -> impl IntoView {
    let state = AppState::expect();
    let t = move || tr(state.locale.get());
    let m = move |msg: Msg| (t().msg)(&msg);
    let roles = RwSignal::new(layout.roles.clone());
    let still_missing = Memo::new(move |_| roles.with(|r| kind.missing(r)));
    let headers = layout.headers.clone();
    let by_content: Vec<usize> =
        layout.by_content.iter().filter_map(|r| layout.roles.iter().position(|x| *x == Some(*r))).collect();
    let preview = layout.preview.clone();
    let rows = headers
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let samples: Vec<String> =
                preview.iter().filter_map(|r| r.get(i)).filter(|v| !v.is_empty()).take(3).cloned().collect();
            let header = if h.is_empty() { format!("#{}", i + 1) } else { h.clone() };
            let guessed = by_content.contains(&i);
            view! {
                <tr data-column=i>
                    <th scope="row">
                        {header}
                        {guessed.then(|| view! { <span class="by-content">{move || m(Msg::MappingByContent)}</span> })}
                    </th>
                    <td>
                        <select
                            data-testid=format!("mapping-role-{i}")
                            aria-label=move || format!("{} {}", m(Msg::MappingRole), i + 1)
                            on:change=move |ev| {
                                let v = event_target_value(&ev);
                                roles.update(|r| {
                                    if let Some(slot) = r.get_mut(i) {
                                        *slot = role_of_key(kind, &v);
                                    }
                                });
                            }
                        >
                            <option value=IGNORE selected=move || roles.with(|r| r.get(i).copied().flatten().is_none())>
                                {move || m(Msg::MappingIgnore)}
                            </option>
                            {kind
                                .roles()
                                .iter()
                                .copied()
                                .map(|role| {
                                    view! {
                                        <option
                                            value=role_key(role)
                                            selected=move || roles.with(|r| r.get(i).copied().flatten() == Some(role))
                                        >
                                            {move || kind.name(state.locale.get(), role)}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </td>
                    <td>
                        <div class="samples">{samples.into_iter().map(|v| view! { <code>{v}</code> }).collect_view()}</div>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section
            class="mapping card"
            data-testid="mapping-screen"
            data-kind=kind.key()
            aria-labelledby=format!("mapping-title-{}", kind.key())
        >
            <h2 id=format!("mapping-title-{}", kind.key())>{move || kind.title(state.locale.get())}</h2>
            <p class="muted">{move || kind.intro(state.locale.get())}</p>
            <div class="table-wrap">
                <table class="mapping-table">
                    <thead>
                        <tr>
                            <th scope="col">{move || m(Msg::MappingColumn)}</th>
                            <th scope="col">{move || m(Msg::MappingRole)}</th>
                            <th scope="col">{move || m(Msg::MappingSample)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {move || {
                let miss = still_missing.get();
                (!miss.is_empty())
                    .then(|| {
                        let l = state.locale.get();
                        let names = miss.iter().map(|r| kind.missing_name(l, *r)).collect::<Vec<_>>().join(", ");
                        view! { <p class="warn" data-testid="mapping-missing">{m(Msg::MappingMissing(names))}</p> }
                    })
            }}
            <div class="actions">
                <button
                    type="button"
                    class="btn primary"
                    data-testid="mapping-apply"
                    disabled=move || !still_missing.with(Vec::is_empty)
                    on:click=move |_| on_apply.run(roles.get())
                >
                    {move || m(Msg::MappingApply)}
                </button>
                <button type="button" class="btn" data-testid="mapping-cancel" on:click=move |_| on_cancel.run(())>
                    {move || m(Msg::MappingCancel)}
                </button>
            </div>
        </section>
    }
}
