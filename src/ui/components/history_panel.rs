//! The history of exports on the Analyse page: keep this analysis
//! (`data-testid="history-keep"`) in a named history of its header layout,
//! see what changed since the export kept before it
//! (`history-changes`), the trends of the kept exports (charts here, and
//! the figures' sparklines through `kept`), and export, import or erase a
//! history. The file's record (aggregates only) is made by the worker;
//! comparisons and trends by `domain::analysis::history`; the histories are kept in
//! IndexedDB (`ui::history_store`).

use crate::charts::{self, ChartTable, ChartWords, ValueKind};
use crate::domain::analysis::history::compare::compare;
use crate::domain::analysis::history::document::{self, History, Kept};
use crate::domain::analysis::history::series::{aging_name, kept_trend};
use crate::domain::analysis::history::{export_kind, layout_key, name_stem, Snapshot};
use crate::domain::analysis::kpi::aging::Buckets;
use crate::domain::analysis::kpi::provisions::ProvisionRates;
use crate::domain::analysis::kpi::trend::Trend;
use crate::domain::analysis::kpi::{Period, Unavailable, Unit};
use crate::engine::{LoadedInfo, Request, Response, SnapshotQuery};
use crate::i18n::{hist_tr, tr};
use crate::ui::components::aged_balance_table::bucket_labels;
use crate::ui::components::chart::Chart;
use crate::ui::components::history_changes::HistoryChanges;
use crate::ui::components::history_list::{chosen_file, export_name, import_file};
use crate::ui::components::kpi_card::{Sparkline, TrendPoints};
use crate::ui::engine::ask_latest_settled;
use crate::ui::format;
use crate::ui::history_store::{self, StoreError, Stored, StoredHistory};
use crate::ui::state::{AppState, Shared};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;

/// A figure's points in a kept trend, when two or more of them are known.
pub fn points(trend: Option<&Trend>, name: &str) -> Option<TrendPoints> {
    let t = trend?;
    let series = t.series(name)?;
    (series.iter().filter(|f| f.is_ok()).count() >= 2).then(|| t.dates().into_iter().zip(series).collect())
}

/// Which history the file goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Choice {
    /// Not decided yet (the store is being read).
    Undecided,
    History(String),
    New,
}

/// The page's bucket names as `&'static str` (a sparkline's name).
const AGING: [&str; 14] = [
    "aging_0", "aging_1", "aging_2", "aging_3", "aging_4", "aging_5", "aging_6", "aging_7", "aging_8", "aging_9",
    "aging_10", "aging_11", "aging_12", "aging_13",
];

#[component]
pub fn HistoryPanel(
    /// The analysed file.
    loaded: Shared<LoadedInfo>,
    #[prop(into)] as_of: Signal<chrono::NaiveDate>,
    #[prop(into)] period: Signal<Period>,
    #[prop(into)] provisions: Signal<ProvisionRates>,
    #[prop(into)] buckets: Signal<Buckets>,
    /// The selected currency: comparisons and trends are in it.
    #[prop(into)]
    currency: Signal<String>,
    /// Written: the trends of the chosen history's kept exports (two or
    /// more), for the figures' sparklines.
    kept: RwSignal<Option<Shared<Trend>>>,
) -> impl IntoView {
    let state = AppState::expect();
    let h = move || hist_tr(state.locale.get());
    let layout = StoredValue::new(layout_key(&loaded.report));
    let kind = export_kind(&loaded.report);
    let stem = name_stem(&loaded.file_name);
    let suggestion = move || {
        let k = (h().kind)(kind);
        if stem.is_empty() {
            let mut c = k.chars();
            c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
        } else {
            format!("{stem} – {k}")
        }
    };

    let stored = RwSignal::new(None::<Result<Stored, StoreError>>);
    let choice = RwSignal::new(Choice::Undecided);
    let name = RwSignal::new(String::new());
    let new_salt = StoredValue::new(history_store::token(16));
    let message = RwSignal::new(None::<(bool, String)>);
    let confirming = RwSignal::new(false);
    let snapshot = RwSignal::new(None::<(String, Shared<Result<Snapshot, Unavailable>>)>);

    // The histories of this file's layout, the latest kept first.
    let matching = Memo::new(move |_| {
        stored.with(|s| {
            let mut v: Vec<(String, String, usize, Option<chrono::NaiveDate>)> = s
                .as_ref()
                .and_then(|s| s.as_ref().ok())
                .map(|s| {
                    s.histories
                        .iter()
                        .filter(|x| layout.with_value(|l| x.history.layout == *l))
                        .map(|x| {
                            let hx = &x.history;
                            (hx.id.clone(), hx.name.clone(), hx.exports.len(), hx.exports.last().map(|e| e.as_of))
                        })
                        .collect()
                })
                .unwrap_or_default();
            v.sort_by(|a, b| b.3.cmp(&a.3).then_with(|| a.1.cmp(&b.1)));
            v
        })
    });
    let read_store = move || {
        spawn_local(async move {
            let s = history_store::load().await;
            let _ = stored.try_set(Some(s));
        });
    };
    read_store();
    // Once read: this file goes to the latest history of its layout, or a new one.
    Effect::new(move |_| {
        if stored.with(Option::is_none) {
            return;
        }
        let first = matching.with(|m| m.first().map(|x| x.0.clone()));
        let valid = choice.with(|c| match c {
            Choice::History(id) => matching.with(|m| m.iter().any(|x| x.0 == *id)),
            Choice::New => true,
            Choice::Undecided => false,
        });
        if !valid {
            choice.set(first.map_or(Choice::New, Choice::History));
        }
    });
    Effect::new(move |_| {
        if name.with_untracked(String::is_empty) {
            name.set(suggestion());
        }
    });
    let with_history = move |id: &str, f: &mut dyn FnMut(&History)| {
        stored.with(|s| {
            if let Some(x) =
                s.as_ref().and_then(|s| s.as_ref().ok()).and_then(|s| s.histories.iter().find(|x| x.history.id == id))
            {
                f(&x.history);
            }
        })
    };
    let chosen_id = move || match choice.get() {
        Choice::History(id) => Some(id),
        _ => None,
    };
    let salt = Memo::new(move |_| {
        let mut salt = new_salt.get_value();
        if let Some(id) = chosen_id() {
            with_history(&id, &mut |x| salt = x.salt.clone());
        }
        salt
    });

    // The file's record, asked again when its inputs (or the history's salt) change.
    let last = StoredValue::new(0u64);
    let waiting = StoredValue::new(None::<TimeoutHandle>);
    let lost = RwSignal::new(false);
    Effect::new(move |_| {
        let query = SnapshotQuery {
            as_of: as_of.get(),
            period: period.get(),
            provisions: provisions.get(),
            buckets: buckets.get(),
            salt: salt.get(),
        };
        let for_salt = query.salt.clone();
        ask_latest_settled(
            waiting,
            last,
            lost,
            move |id| Request::Snapshot { id, query: Box::new(query) },
            move |response| {
                if let Response::Snapshot { answer, .. } = response {
                    let _ = snapshot.try_set(Some((for_salt, Shared(Arc::new(*answer)))));
                }
            },
        );
    });
    // The record, when it is the one for the chosen history's salt and the current date.
    let current = Memo::new(move |_| {
        let s = salt.get();
        let date = as_of.get();
        snapshot.with(|x| {
            x.as_ref()
                .filter(|(for_salt, r)| *for_salt == s && r.0.as_ref().as_ref().is_ok_and(|r| r.as_of == date))
                .map(|(_, r)| r.clone())
        })
    });
    let current_error = move || snapshot.with(|x| x.as_ref().and_then(|(_, r)| r.0.as_ref().as_ref().err().copied()));

    // The chosen history's trends in the selected currency.
    let trend = Memo::new(move |_| {
        let c = currency.get();
        let mut t = None;
        if let Some(id) = chosen_id() {
            with_history(&id, &mut |x| t = Some(kept_trend(&x.exports, &c)));
        }
        t.filter(|t| t.points.len() >= 2)
    });
    Effect::new(move |_| kept.set(trend.get().map(|t| Shared(Arc::new(t)))));
    on_cleanup(move || {
        let _ = kept.try_set(None);
    });

    // What changed since the export kept before this file's date.
    let changes = Memo::new(move |_| {
        let c = currency.get();
        let record = current.get()?;
        let now = record.0.as_ref().as_ref().ok()?;
        let id = chosen_id()?;
        let mut out = None;
        with_history(&id, &mut |x| out = x.previous(now.as_of).map(|before| compare(before, now, &c)));
        out
    });

    // A history as now stored, in the list read.
    let put = move |x: StoredHistory| {
        let _ = stored.try_update(|s| {
            if let Some(Ok(s)) = s {
                s.histories.retain(|y| y.history.id != x.history.id);
                s.histories.push(x);
                s.histories.sort_by(|a, b| a.history.name.cmp(&b.history.name));
            }
        });
    };
    // Shown at once (so that the choice of a new history holds), stored,
    // and taken back if the browser refuses it.
    let save_and_show = move |history: History, text: String| {
        let id = history.id.clone();
        let before = stored.with_untracked(|s| {
            s.as_ref()
                .and_then(|s| s.as_ref().ok())
                .and_then(|s| s.histories.iter().find(|x| x.history.id == id).cloned())
        });
        let bytes = document::write(&history).len();
        put(StoredHistory { history: history.clone(), bytes });
        spawn_local(async move {
            match history_store::save(&history).await {
                Ok(_) => {
                    let _ = message.try_set(Some((false, text)));
                }
                Err(_) => {
                    match before {
                        Some(x) => put(x),
                        None => {
                            let _ = stored.try_update(|s| {
                                if let Some(Ok(s)) = s {
                                    s.histories.retain(|x| x.history.id != id);
                                }
                            });
                        }
                    }
                    let _ =
                        message.try_set(Some((true, hist_tr(state.locale.get_untracked()).save_failed.to_string())));
                }
            }
        });
    };

    let keep = move |_| {
        let l = state.locale.get_untracked();
        let h = hist_tr(l);
        let Some(record) = current.get_untracked() else { return };
        let Ok(record) = (*record).clone() else { return };
        let date = format::date(l, record.as_of);
        let mut history = match choice.get_untracked() {
            Choice::History(id) => {
                let mut found = None;
                with_history(&id, &mut |x| found = Some(x.clone()));
                let Some(x) = found else { return };
                x
            }
            _ => {
                let n = name.get_untracked().trim().to_string();
                if n.is_empty() {
                    message.set(Some((true, h.name_missing.to_string())));
                    return;
                }
                let id = format!("h{}", history_store::token(12));
                History::new(id, n, layout.get_value(), new_salt.get_value())
            }
        };
        let outcome = history.keep(record);
        let text = match outcome {
            Kept::Added => {
                let dates: Vec<String> = history.exports.iter().map(|e| format::date(l, e.as_of)).collect();
                (h.kept)(&history.name, history.exports.len(), &dates.join(", "))
            }
            Kept::Replaced => (h.replaced)(&history.name, &date),
        };
        let id = history.id.clone();
        save_and_show(history, text);
        if choice.get_untracked() != Choice::History(id.clone()) {
            // A new history: its salt is the one the record was made with;
            // the next new history gets another.
            choice.set(Choice::History(id));
            new_salt.set_value(history_store::token(16));
        }
    };

    let export = move |_| {
        let Some(id) = chosen_id() else { return };
        with_history(&id, &mut |x| {
            let _ = crate::ui::download::download(&export_name(&x.name), "application/json", &document::write(x));
        });
    };
    let import = move |ev: leptos::ev::Event| {
        let Some(file) = chosen_file(&ev) else { return };
        spawn_local(async move {
            let (taken, said) = import_file(file, state.locale.get_untracked()).await;
            let _ = message.try_set(Some(said));
            if let Some(x) = taken {
                let id = x.history.id.clone();
                let ours = layout.with_value(|l| *l == x.history.layout);
                put(x);
                if ours {
                    let _ = choice.try_set(Choice::History(id));
                }
            }
        });
    };
    let erase = move |_| {
        let Some(id) = chosen_id() else { return };
        let mut label = String::new();
        with_history(&id, &mut |x| label = x.name.clone());
        confirming.set(false);
        spawn_local(async move {
            let h = hist_tr(state.locale.get_untracked());
            match history_store::erase(&id).await {
                Ok(()) => {
                    let _ = stored.try_update(|s| {
                        if let Some(Ok(s)) = s {
                            s.histories.retain(|x| x.history.id != id);
                        }
                    });
                    let _ = choice.try_set(Choice::Undecided);
                    let _ = message.try_set(Some((false, (h.erased)(&label))));
                }
                Err(_) => {
                    let _ = message.try_set(Some((true, h.save_failed.to_string())));
                }
            }
        });
    };

    // The chosen history's exports, as a line.
    let exports_line = move || {
        let l = state.locale.get();
        let id = chosen_id()?;
        let mut line = None;
        with_history(&id, &mut |x| {
            let dates: Vec<String> = x.exports.iter().map(|e| format::date(l, e.as_of)).collect();
            line = Some((hist_tr(l).exports_of)(&x.name, x.exports.len(), &dates.join(", ")));
        });
        line
    };
    let keep_label = move || {
        let l = state.locale.get();
        let date = as_of.get();
        let mut kept_before = false;
        if let Some(id) = chosen_id() {
            with_history(&id, &mut |x| kept_before = x.at(date).is_some());
        }
        if kept_before {
            (hist_tr(l).replace)(&format::date(l, date))
        } else {
            hist_tr(l).keep.to_string()
        }
    };

    // The kept trends' charts, each with its table.
    let build = move |names: fn(&Trend) -> Vec<String>| {
        Memo::new(move |_| {
            let l = state.locale.get();
            let labels = bucket_labels(tr(l), &buckets.get());
            trend.with(|t| {
                let t = t.as_ref()?;
                let names = names(t);
                let names: Vec<&str> =
                    names.iter().map(String::as_str).filter(|n| points(Some(t), n).is_some()).collect();
                if names.is_empty() {
                    return None;
                }
                let series = names
                    .iter()
                    .map(|n| match n.strip_prefix("aging_").and_then(|k| k.parse::<usize>().ok()) {
                        Some(k) => labels.get(k).cloned().unwrap_or_default(),
                        None => (tr(l).kpi)(n).0.to_string(),
                    })
                    .collect();
                let words = ChartWords { category: hist_tr(l).export_of, series };
                let (c, table) = charts::trend_chart(t, &names, |d| format::date(l, d), &words);
                Some((c.to_string(), table))
            })
        })
    };
    let ar_chart = build(|_| ["ar_total", "ar_overdue", "provision_total"].map(String::from).to_vec());
    let aged_chart = build(|t| {
        let n = t.points.last().map_or(0, |p| p.figures.iter().filter(|f| f.name.starts_with("aging_")).count());
        (0..n).map(aging_name).collect()
    });
    let dso_chart = build(|_| ["dso_standard", "bpdso", "ddso"].map(String::from).to_vec());
    let option = move |m: Memo<Option<(String, ChartTable)>>| {
        Signal::derive(move || m.with(|b| b.as_ref().map(|(o, _)| o.clone())))
    };
    let table = move |m: Memo<Option<(String, ChartTable)>>| {
        Signal::derive(move || m.with(|b| b.as_ref().map(|(_, t)| t.clone())))
    };
    let money = Signal::derive(move || ValueKind::Money(currency.get()));

    view! {
        <h2 class="section-title print-break" id="history">{move || h().title}</h2>
        <p class="muted">{move || h().intro}</p>
        {move || {
            stored.with(|s| match s {
                Some(Err(StoreError::Unavailable)) => Some(view! { <p class="warn" role="alert" data-testid="history-unavailable">{h().store_unavailable}</p> }.into_any()),
                Some(Err(StoreError::Refused)) => Some(view! { <p class="warn" role="alert" data-testid="history-unavailable">{h().save_failed}</p> }.into_any()),
                Some(Ok(s)) if !s.moved.is_empty() => {
                    let n = s.moved.len();
                    Some(view! { <p class="warn" role="alert" data-testid="history-aside">{(h().moved_aside)(n)}</p> }.into_any())
                }
                _ => None,
            })
        }}
        <div class="card history-keeper" data-testid="history-keeper">
            <div class="history-form">
                {move || {
                    let m = matching.get();
                    (!m.is_empty()).then(|| {
                        view! {
                            <label class="field">
                                <span>{h().history_label}</span>
                                <select
                                    data-testid="history-select"
                                    on:change=move |ev| {
                                        let v = event_target_value(&ev);
                                        choice.set(if v.is_empty() { Choice::New } else { Choice::History(v) });
                                        message.set(None);
                                    }
                                >
                                    {m.into_iter().map(|(id, n, count, _)| {
                                        let is = id.clone();
                                        view! { <option value=id selected=move || choice.get() == Choice::History(is.clone())>{(h().history_option)(&n, count)}</option> }
                                    }).collect_view()}
                                    <option value="" selected=move || choice.get() == Choice::New>{h().new_history}</option>
                                </select>
                            </label>
                        }
                    })
                }}
                {move || (choice.get() == Choice::New).then(|| view! {
                    <label class="field wide">
                        <span>{h().name_label}</span>
                        <input type="text" data-testid="history-name" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                    </label>
                })}
                <button
                    type="button"
                    class="btn primary"
                    data-testid="history-keep"
                    disabled=move || current.with(Option::is_none) || choice.get() == Choice::Undecided
                    on:click=keep
                >
                    {keep_label}
                </button>
            </div>
            {move || {
                let l = state.locale.get();
                current_error().map(|e| {
                    let date = move |d| format::date(l, d);
                    let why = (tr(l).unavailable_reason)(&e, &date);
                    view! { <p class="warn" data-testid="history-cannot-keep">{(hist_tr(l).cannot_keep)(&why)}</p> }
                })
            }}
            <p class="muted small">{move || h().what_is_kept}</p>
            {move || message.get().map(|(error, text)| view! { <p class=if error { "warn" } else { "ok" } role="status" data-testid="history-status">{text}</p> })}
            // The history's exports (said by the message just after keeping one).
            {move || {
                let just_kept = message.with(|m| m.as_ref().is_some_and(|(error, _)| !error));
                exports_line().filter(|_| !just_kept).map(|line| view! { <p data-testid="history-exports">{line}</p> })
            }}
            <div class="actions">
                {move || chosen_id().map(|_| view! {
                    <button type="button" class="btn small" data-testid="history-export" on:click=export>{h().export}</button>
                    <button type="button" class="btn small" data-testid="history-erase" on:click=move |_| confirming.set(true)>{h().erase}</button>
                })}
                <label class="btn small file-btn">
                    {move || h().import}
                    <input type="file" accept=".json,application/json" class="visually-hidden" data-testid="history-import" on:change=import />
                </label>
            </div>
            {move || confirming.get().then(|| {
                let mut text = String::new();
                if let Some(id) = chosen_id() {
                    with_history(&id, &mut |x| text = (h().erase_confirm)(&x.name, x.exports.len()));
                }
                view! {
                    <div role="alertdialog" aria-labelledby="history-erase-question" class="confirm">
                        <p id="history-erase-question">{text}</p>
                        <button type="button" class="btn danger" data-testid="history-erase-confirm" on:click=erase>{h().yes_erase}</button>
                        <button type="button" class="btn" on:click=move |_| confirming.set(false)>{h().cancel}</button>
                    </div>
                }
            })}
        </div>
        {move || {
            state.locale.track();
            changes.get().map(|c| view! { <HistoryChanges changes=c buckets=buckets.get_untracked() /> })
        }}
        {move || {
            let chosen = chosen_id().is_some();
            match trend.get() {
                None => chosen.then(|| view! { <p class="muted" data-testid="history-second">{h().second_export}</p> }.into_any()),
                Some(t) => {
                    let l = state.locale.get();
                    let mut history_name = String::new();
                    if let Some(id) = chosen_id() {
                        with_history(&id, &mut |x| history_name = x.name.clone());
                    }
                    let labels = bucket_labels(tr(l), &buckets.get());
                    let n_buckets = t.points.last().map_or(0, |p| p.figures.iter().filter(|f| f.name.starts_with("aging_")).count());
                    let tiles = (0..n_buckets.min(AGING.len()))
                        .filter_map(|k| points(Some(&t), AGING[k]).map(|p| (k, p)))
                        .map(|(k, p)| {
                            let last = p.last().and_then(|(_, f)| f.ok()).unwrap_or_default();
                            view! {
                                <div class="kpi">
                                    <div class="kpi-label">{labels.get(k).cloned().unwrap_or_default()}</div>
                                    <div class="kpi-value" data-testid=format!("kept-{}", AGING[k]) data-value=crate::domain::ledger::money::raw(last)>
                                        {format::money(l, last, &currency.get_untracked())}
                                    </div>
                                    <Sparkline name=AGING[k] unit=Unit::Money points=p kept=true />
                                </div>
                            }
                        })
                        .collect_view();
                    Some(view! {
                        <div data-testid="history-trends" data-points=t.points.len()>
                            <h3 class="subsection">{hist_tr(l).trends_title}</h3>
                            <p class="muted">{(hist_tr(l).trends_from)(t.points.len(), &history_name, &currency.get())}</p>
                            <h4>{hist_tr(l).by_bucket}</h4>
                            <div class="kpi-grid">{tiles}</div>
                        </div>
                    }.into_any())
                }
            }
        }}
        <Show when=move || trend.with(Option::is_some)>
            <div class="chart-grid" data-testid="history-charts">
                <Chart testid="history-chart-ar" title=Signal::derive(move || h().chart_ar.to_string()) option=option(ar_chart) table=table(ar_chart) kind=money />
                <Chart testid="history-chart-aged" title=Signal::derive(move || h().chart_aged.to_string()) option=option(aged_chart) table=table(aged_chart) kind=money />
                {move || if dso_chart.with(Option::is_some) {
                    view! { <Chart testid="history-chart-dso" title=Signal::derive(move || h().chart_dso.to_string()) option=option(dso_chart) table=table(dso_chart) kind=Signal::derive(|| ValueKind::Days) /> }.into_any()
                } else {
                    view! { <p class="muted" data-testid="history-dso-missing">{h().dso_missing}</p> }.into_any()
                }}
            </div>
        </Show>
    }
}
