//! The Dunning area: plans designed from templates (or from nothing), kept
//! in this browser, exported and imported as a JSON file, assigned to
//! customers; with a file analysed, the penalties due and the plans
//! simulated on the open invoices (`components::dunning_results`).

use crate::domain::analysis::behaviour::Rating;
use crate::domain::dunning::limits::Limit;
use crate::domain::dunning::penalties::default_rate;
use crate::domain::dunning::plan::{Channel, Conditions, DunningPlan, Performer, Step};
use crate::domain::dunning::store::{self, free_id, Store, StoreProblem};
use crate::domain::dunning::templates::{template, Template};
use crate::domain::export::dunning::ActionLine;
use crate::domain::lang::Lang;
use crate::i18n::{dunning_tr, Locale};
use crate::ui::components::dunning_results::DunningResults;
use crate::ui::download::download;
use crate::ui::format;
use crate::ui::state::AppState;
use crate::ui::storage::{self, DunningNotice};
use leptos::prelude::*;
use leptos::task::spawn_local;
use rust_decimal::Decimal;
use wasm_bindgen_futures::JsFuture;

#[component]
pub fn DunningPage() -> impl IntoView {
    let state = AppState::expect();
    let d = move || dunning_tr(state.locale.get());
    let (initial, first_notice) = storage::load_dunning();
    let store = RwSignal::new(initial);
    let notice = RwSignal::new(first_notice);
    let selected = RwSignal::new(store.with_untracked(|s| s.plans.first().map(|p| p.id.clone())));
    // The letter the print view shows (a formal notice or a reminder letter).
    let letter = RwSignal::new(None::<ActionLine>);
    // Stored at each change (not at the first reading).
    Effect::new(move |previous: Option<()>| {
        let s = store.get();
        if previous.is_some() {
            match storage::save_dunning(&s) {
                Err(n) => notice.set(Some(n)),
                Ok(()) if notice.get_untracked() == Some(DunningNotice::Full) => notice.set(None),
                Ok(()) => {}
            }
        }
    });
    let notice_text = move || {
        notice.get().map(|n| match n {
            DunningNotice::Unreadable { key } => (d().storage_unreadable)(&key),
            DunningNotice::Newer { version, key } => (d().storage_newer)(version, &key),
            DunningNotice::OutOfRange { refused, key } => {
                (d().storage_out_of_range)(&(d().out_of_range)(&refused), &key)
            }
            DunningNotice::NotKept => d().storage_not_kept.to_string(),
            DunningNotice::Full => d().storage_full.to_string(),
        })
    };
    view! {
        <section class="page dunning" data-testid="dunning-page">
            <h1>{move || d().title}</h1>
            <p class="lead">{move || d().lead}</p>
            {move || notice_text().map(|text| view! { <p class="card warn" role="alert" data-testid="dunning-notice">{text}</p> })}
            <Plans store selected />
            <AssignmentCard store />
            <SettingsCard store />
            {move || match state.analysis.get() {
                Some(_) => view! { <DunningResults store letter /> }.into_any(),
                None => {
                    view! {
                        <div class="card" data-testid="dunning-no-file">
                            <p>{d().no_file}</p>
                            <a class="btn" href="#/analyse">{d().go_analyse}</a>
                        </div>
                    }
                        .into_any()
                }
            }}
            {move || letter.get().map(|x| print_letter(x, store, state.as_of.get_untracked(), state.locale.get()))}
        </section>
    }
}

/// A letter laid out for A4 (shown only by the print view): the sender,
/// the customer, the place and date, the subject, the text.
fn print_letter(x: ActionLine, store: RwSignal<Store>, as_of: chrono::NaiveDate, l: Locale) -> impl IntoView {
    let d = dunning_tr(l);
    let (company, contact) = store.with_untracked(|s| (s.settings.company.clone(), s.settings.contact.clone()));
    view! {
        <article class="print-letter" data-testid="print-letter">
            <p class="letter-sender">{company}</p>
            <p class="letter-recipient">{x.customer.clone()}</p>
            <p class="letter-date">{format::date(l, as_of)}</p>
            <p class="letter-subject"><strong>{d.subject}{l.colon()}{x.subject.clone()}</strong></p>
            <div class="letter-body">{x.body.clone()}</div>
            <p class="letter-contact">{contact}</p>
        </article>
    }
}

/// The plans: start from a template, pick one, edit it, export or import.
#[component]
fn Plans(store: RwSignal<Store>, selected: RwSignal<Option<String>>) -> impl IntoView {
    let state = AppState::expect();
    let d = move || dunning_tr(state.locale.get());
    let confirming = RwSignal::new(false);
    let import_message = RwSignal::new(None::<(bool, String)>);
    let add_plan = move |mut plan: DunningPlan| {
        store.update(|s| {
            plan.id = free_id(&s.plans, &plan.id);
            selected.set(Some(plan.id.clone()));
            if s.assignment.default_plan.is_none() {
                s.assignment.default_plan = Some(plan.id.clone());
            }
            s.plans.push(plan);
        });
    };
    let from_template = move |t: Template| add_plan(template(t, Lang::from(state.locale.get_untracked())));
    let empty = move |_| {
        let name = d().empty_plan_name.to_string();
        add_plan(DunningPlan {
            id: "plan".into(),
            name,
            steps: vec![new_step(Lang::from(state.locale.get_untracked()))],
        });
    };
    let duplicate = move |_| {
        let Some(id) = selected.get_untracked() else { return };
        let Some(mut copy) = store.with_untracked(|s| s.plans.iter().find(|p| p.id == id).cloned()) else { return };
        copy.name = (d().copy_of)(&copy.name);
        add_plan(copy);
    };
    let delete = move |_| {
        let Some(id) = selected.get_untracked() else { return };
        store.update(|s| {
            s.plans.retain(|p| p.id != id);
            let a = &mut s.assignment;
            let drop = |slot: &mut Option<String>| {
                if slot.as_deref() == Some(id.as_str()) {
                    *slot = None;
                }
            };
            a.by_rating.iter_mut().for_each(drop);
            drop(&mut a.default_plan);
            if a.large_accounts.as_ref().is_some_and(|(_, p)| *p == id) {
                a.large_accounts = None;
            }
            a.manual.retain(|(_, p)| *p != id);
            selected.set(s.plans.first().map(|p| p.id.clone()));
        });
        confirming.set(false);
    };
    let export = move |_| {
        let text = store.with_untracked(store::write);
        let _ = download("plans-de-relance.json", "application/json", &text);
    };
    let import = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        input.set_value("");
        spawn_local(async move {
            let text = JsFuture::from(file.text()).await.ok().and_then(|t| t.as_string()).unwrap_or_default();
            let t = dunning_tr(state.locale.get_untracked());
            match store::read(&text) {
                Ok(s) => {
                    let n = s.plans.len();
                    selected.set(s.plans.first().map(|p| p.id.clone()));
                    store.set(s);
                    import_message.set(Some((false, (t.imported)(n))));
                }
                Err(StoreProblem::Unreadable) => import_message.set(Some((true, t.import_unreadable.to_string()))),
                Err(StoreProblem::Newer(v)) => import_message.set(Some((true, (t.import_newer)(v)))),
                Err(StoreProblem::OutOfRange(e)) => {
                    import_message.set(Some((true, (t.import_out_of_range)(&(t.out_of_range)(&e)))))
                }
            }
        });
    };
    // Memos: editing a step changes the store, not these, so the editor
    // and its fields stay in place (and keep the focus).
    let plan_names =
        Memo::new(move |_| store.with(|s| s.plans.iter().map(|p| (p.id.clone(), p.name.clone())).collect::<Vec<_>>()));
    let shown = Memo::new(move |_| selected.get().filter(|id| store.with(|s| s.plans.iter().any(|p| p.id == *id))));
    view! {
        <div class="card" data-testid="dunning-plans">
            <h2>{move || d().plans_title}</h2>
            <div class="templates">
                <span class="muted">{move || d().start_from}</span>
                {Template::ALL
                    .into_iter()
                    .map(|t| {
                        view! {
                            <button
                                type="button"
                                class="btn template"
                                data-testid=format!("template-{}", t.id())
                                title=move || (d().template_desc)(t)
                                on:click=move |_| from_template(t)
                            >
                                {move || (d().template_name)(t)}
                            </button>
                        }
                    })
                    .collect_view()}
                <button type="button" class="btn" data-testid="plan-empty" on:click=empty>{move || d().empty_plan}</button>
            </div>
            {move || {
                let names = plan_names.get();
                if names.is_empty() {
                    return view! { <p class="muted" data-testid="no-plans">{d().plans_empty}</p> }.into_any();
                }
                view! {
                    <div class="plan-bar">
                        <label class="field">
                            <span>{d().plan_select}</span>
                            <select
                                data-testid="plan-select"
                                on:change=move |ev| selected.set(Some(event_target_value(&ev)))
                            >
                                {names
                                    .into_iter()
                                    .map(|(id, name)| {
                                        let is = id.clone();
                                        view! { <option value=id selected=move || selected.get().as_deref() == Some(is.as_str())>{name}</option> }
                                    })
                                    .collect_view()}
                            </select>
                        </label>
                        <button type="button" class="btn small" data-testid="plan-duplicate" on:click=duplicate>{d().duplicate_plan}</button>
                        <button type="button" class="btn small" data-testid="plan-delete" on:click=move |_| confirming.set(true)>{d().delete_plan}</button>
                    </div>
                }
                    .into_any()
            }}
            {move || confirming.get().then(|| {
                let name = selected.get().and_then(|id| store.with(|s| s.plans.iter().find(|p| p.id == id).map(|p| p.name.clone()))).unwrap_or_default();
                view! {
                    <div role="alertdialog" aria-labelledby="plan-delete-question" class="confirm">
                        <p id="plan-delete-question">{(d().delete_confirm)(&name)}</p>
                        <button type="button" class="btn danger" data-testid="plan-delete-confirm" on:click=delete>{d().yes_delete}</button>
                        <button type="button" class="btn" on:click=move |_| confirming.set(false)>{d().cancel}</button>
                    </div>
                }
            })}
            {move || shown.get().map(|id| view! { <PlanEditor store id /> })}
            <div class="actions">
                <button type="button" class="btn" data-testid="plans-export" on:click=export>{move || d().export_json}</button>
                <label class="btn file-btn">
                    {move || d().import_json}
                    <input type="file" accept=".json,application/json" class="visually-hidden" data-testid="plans-import" on:change=import />
                </label>
            </div>
            {move || import_message.get().map(|(error, text)| view! { <p class=if error { "warn" } else { "note" } role="status" data-testid="plans-import-result">{text}</p> })}
        </div>
    }
}

/// A step to start from: an email three days after the due date.
fn new_step(lang: Lang) -> Step {
    let reminder = template(Template::Standard, lang).steps.into_iter().nth(1);
    reminder.unwrap_or(Step {
        offset_days: 3,
        channel: Channel::Email,
        subject: String::new(),
        body: String::new(),
        conditions: Conditions::default(),
        performer: Performer::CreditController,
        minutes: 3,
        response_rate: None,
    })
}

/// One plan's name, timeline and steps; fields update the store as they
/// change, and rows stay in place (focus is kept) while steps are edited.
#[component]
fn PlanEditor(store: RwSignal<Store>, id: String) -> impl IntoView {
    let state = AppState::expect();
    let d = move || dunning_tr(state.locale.get());
    let id = StoredValue::new(id);
    let with_plan = move |f: &mut dyn FnMut(&mut DunningPlan)| {
        store.update(|s| {
            if let Some(p) = s.plans.iter_mut().find(|p| p.id == id.get_value()) {
                f(p);
            }
        })
    };
    let read = move |f: &dyn Fn(&DunningPlan) -> String| -> String {
        store.with(|s| s.plans.iter().find(|p| p.id == id.get_value()).map(f).unwrap_or_default())
    };
    let steps_len =
        move || store.with(|s| s.plans.iter().find(|p| p.id == id.get_value()).map_or(0, |p| p.steps.len()));
    let problems = move || {
        store.with(|s| s.plans.iter().find(|p| p.id == id.get_value()).map(|p| p.problems()).unwrap_or_default())
    };
    let timeline = move || {
        store.with(|s| {
            s.plans
                .iter()
                .find(|p| p.id == id.get_value())
                .map(|p| p.steps.iter().map(|st| (st.offset_days, st.channel)).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    };
    view! {
        <div class="plan-editor" data-testid="plan-editor">
            <label class="field">
                <span>{move || d().plan_name}</span>
                <input
                    type="text"
                    data-testid="plan-name"
                    prop:value=move || read(&|p| p.name.clone())
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        with_plan(&mut |p| p.name = v.clone());
                    }
                />
            </label>
            <ul class="problems">
                {move || problems().into_iter().map(|p| view! { <li class="warn">{(d().problem)(p)}</li> }).collect_view()}
            </ul>
            <h3>{move || d().timeline}</h3>
            <Timeline steps=Signal::derive(timeline) />
            <h3>{move || d().steps}</h3>
            <p class="muted placeholders">{move || d().placeholders}</p>
            <ol class="steps" data-testid="plan-steps">
                <For each=move || 0..steps_len() key=|i| *i let:i>
                    <StepRow store id=id.get_value() index=i count=Signal::derive(steps_len) />
                </For>
            </ol>
            <button
                type="button"
                class="btn"
                data-testid="step-add"
                on:click=move |_| {
                    let lang = Lang::from(state.locale.get_untracked());
                    with_plan(&mut |p| {
                        let mut s = new_step(lang);
                        s.offset_days = p.steps.iter().map(|x| x.offset_days).max().map_or(3, |m| (m + 7).min(365));
                        p.steps.push(s);
                    });
                }
            >
                {move || d().add_step}
            </button>
        </div>
    }
}

/// The steps on a line from before the due date to after it.
#[component]
fn Timeline(steps: Signal<Vec<(i32, Channel)>>) -> impl IntoView {
    let state = AppState::expect();
    let d = move || dunning_tr(state.locale.get());
    view! {
        <div class="timeline" data-testid="plan-timeline" role="list">
            {move || {
                let steps = steps.get();
                let lo = steps.iter().map(|s| s.0).min().unwrap_or(0).min(-5);
                let hi = steps.iter().map(|s| s.0).max().unwrap_or(0).max(10);
                // Between 6% and 94%: the labels of the first and last steps stay inside.
                let at = move |day: i32| 6.0 + f64::from(day - lo) / f64::from((hi - lo).max(1)) * 88.0;
                let due = at(0);
                view! {
                    <div class="timeline-axis"></div>
                    <div class="timeline-due" style=format!("left:{due:.2}%")><span>{(d().day)(0)}</span></div>
                    {steps
                        .into_iter()
                        .enumerate()
                        .map(|(i, (day, channel))| {
                            let row = if i % 2 == 0 { "up" } else { "down" };
                            view! {
                                <div class=format!("timeline-step {row}") style=format!("left:{:.2}%", at(day)) role="listitem">
                                    <span class="timeline-day">{(d().day)(day)}</span>
                                    <span class="timeline-what">{(d().channel)(channel)}</span>
                                </div>
                            }
                        })
                        .collect_view()}
                }
            }}
        </div>
    }
}

/// One step's fields and its buttons (reorder by keyboard too: they are buttons).
#[component]
fn StepRow(store: RwSignal<Store>, id: String, index: usize, count: Signal<usize>) -> impl IntoView {
    let state = AppState::expect();
    let d = move || dunning_tr(state.locale.get());
    let id = StoredValue::new(id);
    let edit = move |f: &mut dyn FnMut(&mut Vec<Step>)| {
        store.update(|s| {
            if let Some(p) = s.plans.iter_mut().find(|p| p.id == id.get_value()) {
                f(&mut p.steps);
            }
        })
    };
    let set = move |f: &mut dyn FnMut(&mut Step)| {
        edit(&mut |steps| {
            if let Some(s) = steps.get_mut(index) {
                f(s);
            }
        })
    };
    let get = move |f: &dyn Fn(&Step) -> String| -> String {
        store.with(|s| {
            s.plans.iter().find(|p| p.id == id.get_value()).and_then(|p| p.steps.get(index)).map(f).unwrap_or_default()
        })
    };
    let has_rating = move |r: Rating| -> bool {
        store.with(|s| {
            s.plans
                .iter()
                .find(|p| p.id == id.get_value())
                .and_then(|p| p.steps.get(index))
                .is_some_and(|st| st.conditions.ratings.contains(&r))
        })
    };
    let move_by = move |delta: isize| {
        edit(&mut |steps| {
            let to = index as isize + delta;
            if to >= 0 && (to as usize) < steps.len() {
                steps.swap(index, to as usize);
            }
        })
    };
    let tid = move |what: &str| format!("step-{index}-{what}");
    let channel_options = move || {
        let current = get(&|s| format!("{:?}", s.channel));
        Channel::ALL
            .into_iter()
            .map(|c| {
                let v = format!("{c:?}");
                let sel = v == current;
                view! { <option value=v selected=sel>{(d().channel)(c)}</option> }
            })
            .collect_view()
    };
    let performer_options = move || {
        let current = get(&|s| format!("{:?}", s.performer));
        Performer::ALL
            .into_iter()
            .map(|p| {
                let v = format!("{p:?}");
                let sel = v == current;
                view! { <option value=v selected=sel>{(d().performer)(p)}</option> }
            })
            .collect_view()
    };
    view! {
        <li class="step" data-testid=tid("row")>
            <details class="step-details" open=move || { count.get_untracked() <= 1 }>
            <summary class="step-head">
                <strong>{move || (d().step_no)(index + 1)}</strong>
                <span class="step-day">{move || (d().day)(get(&|s| s.offset_days.to_string()).parse().unwrap_or(0))}</span>
                <span>{move || store.with(|s| s.plans.iter().find(|p| p.id == id.get_value()).and_then(|p| p.steps.get(index)).map(|st| format!("{} · {}", (d().channel)(st.channel), (d().performer)(st.performer))).unwrap_or_default())}</span>
                <span class="step-subject muted">{move || get(&|s| s.subject.clone())}</span>
            </summary>
            <div class="step-buttons">
                    <button type="button" class="btn small" data-testid=tid("up") disabled=move || index == 0 on:click=move |_| move_by(-1)>
                        "↑ "{move || d().move_up}
                    </button>
                    <button type="button" class="btn small" data-testid=tid("down") disabled=move || { index + 1 >= count.get() } on:click=move |_| move_by(1)>
                        "↓ "{move || d().move_down}
                    </button>
                    <button
                        type="button"
                        class="btn small"
                        data-testid=tid("duplicate")
                        on:click=move |_| edit(&mut |steps| {
                            if let Some(s) = steps.get(index).cloned() {
                                steps.insert(index + 1, s);
                            }
                        })
                    >
                        {move || d().duplicate_step}
                    </button>
                    <button
                        type="button"
                        class="btn small"
                        data-testid=tid("delete")
                        on:click=move |_| edit(&mut |steps| {
                            if index < steps.len() {
                                steps.remove(index);
                            }
                        })
                    >
                        {move || d().delete_step}
                    </button>
            </div>
            <div class="step-grid">
                <label class="field">
                    <span title=move || d().offset_help>{move || d().offset}</span>
                    <input
                        type="number"
                        min="-365"
                        max="365"
                        step="1"
                        data-testid=tid("offset")
                        prop:value=move || get(&|s| s.offset_days.to_string())
                        on:change=move |ev| {
                            if let Ok(v) = event_target_value(&ev).trim().parse::<i32>() {
                                // Within the bounds a stored document is read with (the editor says beyond ±365).
                                let v = v.clamp(-3650, 3650);
                                set(&mut |s| s.offset_days = v);
                            }
                        }
                    />
                </label>
                <label class="field">
                    <span>{move || d().channel_label}</span>
                    <select
                        data-testid=tid("channel")
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            if let Some(c) = Channel::ALL.into_iter().find(|c| format!("{c:?}") == v) {
                                set(&mut |s| s.channel = c);
                            }
                        }
                    >
                        {channel_options}
                    </select>
                </label>
                <label class="field">
                    <span>{move || d().performer_label}</span>
                    <select
                        data-testid=tid("performer")
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            if let Some(p) = Performer::ALL.into_iter().find(|p| format!("{p:?}") == v) {
                                set(&mut |s| s.performer = p);
                            }
                        }
                    >
                        {performer_options}
                    </select>
                </label>
                <label class="field">
                    <span>{move || d().minutes}</span>
                    <input
                        type="number"
                        min="0"
                        max="600"
                        data-testid=tid("minutes")
                        prop:value=move || get(&|s| s.minutes.to_string())
                        on:change=move |ev| {
                            if let Ok(v) = event_target_value(&ev).trim().parse::<u32>() {
                                set(&mut |s| s.minutes = v.min(600));
                            }
                        }
                    />
                </label>
                <label class="field">
                    <span title=move || {
                        let default = store.with(|s| {
                            s.plans.iter().find(|p| p.id == id.get_value()).and_then(|p| p.steps.get(index)).map(|st| st.channel.default_response())
                        });
                        (d().response_help)(&default.unwrap_or_default().to_string())
                    }>
                        {move || d().response_rate}
                    </span>
                    <input
                        type="text"
                        inputmode="decimal"
                        data-testid=tid("response")
                        prop:value=move || get(&|s| s.response().to_string())
                        on:change=move |ev| {
                            let v = format::parse_number(&event_target_value(&ev)).filter(|v| *v >= Decimal::ZERO && *v <= Decimal::ONE_HUNDRED);
                            set(&mut |s| s.response_rate = v);
                        }
                    />
                </label>
                <label class="field">
                    <span>{move || d().min_amount}</span>
                    <input
                        type="text"
                        inputmode="decimal"
                        data-testid=tid("min-amount")
                        prop:value=move || get(&|s| s.conditions.min_amount.map(|m| m.to_string()).unwrap_or_default())
                        on:change=move |ev| {
                            let v = format::parse_number(&event_target_value(&ev)).filter(|v| *v > Decimal::ZERO && Limit::MinAmount.allows(*v));
                            set(&mut |s| s.conditions.min_amount = v);
                        }
                    />
                </label>
                <label class="check">
                    <input
                        type="checkbox"
                        data-testid=tid("skip-disputed")
                        prop:checked=move || get(&|s| s.conditions.skip_disputed.to_string()) == "true"
                        on:change=move |ev| {
                            let v = event_target_checked(&ev);
                            set(&mut |s| s.conditions.skip_disputed = v);
                        }
                    />
                    {move || d().skip_disputed}
                </label>
                <fieldset class="ratings">
                    <legend>{move || d().ratings_only}</legend>
                    {Rating::ALL
                        .into_iter()
                        .map(|r| {
                            view! {
                                <label class="check">
                                    <input
                                        type="checkbox"
                                        data-testid=format!("step-{index}-rating-{}", r.letter())
                                        prop:checked=move || has_rating(r)
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            set(&mut |s| {
                                                s.conditions.ratings.retain(|x| *x != r);
                                                if on {
                                                    s.conditions.ratings.push(r);
                                                    s.conditions.ratings.sort();
                                                }
                                            });
                                        }
                                    />
                                    {r.letter()}
                                </label>
                            }
                        })
                        .collect_view()}
                </fieldset>
            </div>
            <label class="field wide">
                <span>{move || d().subject}</span>
                <input
                    type="text"
                    data-testid=tid("subject")
                    prop:value=move || get(&|s| s.subject.clone())
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        set(&mut |s| s.subject = v.clone());
                    }
                />
            </label>
            <label class="field wide">
                <span>{move || d().body}</span>
                <textarea
                    rows="5"
                    data-testid=tid("body")
                    prop:value=move || get(&|s| s.body.clone())
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        set(&mut |s| s.body = v.clone());
                    }
                ></textarea>
            </label>
        </details>
        </li>
    }
}

/// Which plan each customer follows.
#[component]
fn AssignmentCard(store: RwSignal<Store>) -> impl IntoView {
    let state = AppState::expect();
    let d = move || dunning_tr(state.locale.get());
    let manual_code = RwSignal::new(String::new());
    let manual_plan = RwSignal::new(String::new());
    // A plan menu bound to one rule.
    let plan_menu = move |testid: String, get: fn(&Store) -> Option<String>, put: fn(&mut Store, Option<String>)| {
        view! {
            <select
                data-testid=testid
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    store.update(|s| put(s, (!v.is_empty()).then_some(v.clone())));
                }
            >
                {move || {
                    let current = store.with(get);
                    let none_selected = current.is_none();
                    let mut options = vec![view! { <option value="" selected=none_selected>{d().no_plan}</option> }.into_any()];
                    options.extend(store.with(|s| {
                        s.plans
                            .iter()
                            .map(|p| {
                                let sel = current.as_deref() == Some(p.id.as_str());
                                view! { <option value=p.id.clone() selected=sel>{p.name.clone()}</option> }.into_any()
                            })
                            .collect::<Vec<_>>()
                    }));
                    options
                }}
            </select>
        }
    };
    type Get = fn(&Store) -> Option<String>;
    type Put = fn(&mut Store, Option<String>);
    let rating_rules: [(Option<Rating>, &str, Get, Put); 5] = [
        (Some(Rating::A), "A", |s| s.assignment.by_rating[0].clone(), |s, v| s.assignment.by_rating[0] = v),
        (Some(Rating::B), "B", |s| s.assignment.by_rating[1].clone(), |s, v| s.assignment.by_rating[1] = v),
        (Some(Rating::C), "C", |s| s.assignment.by_rating[2].clone(), |s, v| s.assignment.by_rating[2] = v),
        (Some(Rating::D), "D", |s| s.assignment.by_rating[3].clone(), |s, v| s.assignment.by_rating[3] = v),
        (None, "none", |s| s.assignment.by_rating[4].clone(), |s, v| s.assignment.by_rating[4] = v),
    ];
    let threshold =
        move || store.with(|s| s.assignment.large_accounts.as_ref().map(|(t, _)| t.to_string()).unwrap_or_default());
    view! {
        <div class="card" data-testid="dunning-assignment">
            <h2>{move || d().assignment_title}</h2>
            <p class="muted">{move || d().assignment_lead}</p>
            <div class="options-grid">
                <label class="field">
                    <span>{move || d().default_plan}</span>
                    {plan_menu("assign-default".into(), |s| s.assignment.default_plan.clone(), |s, v| s.assignment.default_plan = v)}
                </label>
                {rating_rules
                    .into_iter()
                    .map(|(r, code, get, put)| {
                        view! {
                            <label class="field">
                                <span>{move || (d().rating)(r)}</span>
                                {plan_menu(format!("assign-rating-{code}"), get, put)}
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
            <p class="muted">{move || store.with(|s| (d().rating_rule)(&s.settings.thresholds))}</p>
            <h3>{move || d().large_accounts}</h3>
            <div class="options-grid">
                <label class="field">
                    <span>{move || d().large_threshold}</span>
                    <input
                        type="text"
                        inputmode="decimal"
                        data-testid="assign-large-threshold"
                        prop:value=threshold
                        on:change=move |ev| {
                            // Within the bounds a stored document is read with.
                            let v = format::parse_number(&event_target_value(&ev)).filter(|v| Limit::LargeAccounts.allows(*v));
                            store.update(|s| {
                                let plan = s.assignment.large_accounts.as_ref().map(|(_, p)| p.clone());
                                s.assignment.large_accounts = match (v, plan) {
                                    (Some(v), Some(p)) => Some((v, p)),
                                    (Some(v), None) => s.plans.first().map(|p| (v, p.id.clone())),
                                    (None, _) => None,
                                };
                            });
                        }
                    />
                </label>
                <label class="field">
                    <span>{move || d().plan_label}</span>
                    {plan_menu(
                        "assign-large-plan".into(),
                        |s| s.assignment.large_accounts.as_ref().map(|(_, p)| p.clone()),
                        |s, v| {
                            let t = s.assignment.large_accounts.as_ref().map(|(t, _)| *t).unwrap_or(Decimal::from(10_000));
                            s.assignment.large_accounts = v.map(|p| (t, p));
                        },
                    )}
                </label>
            </div>
            <h3>{move || d().manual_title}</h3>
            <ul class="manual" data-testid="assign-manual">
                {move || {
                    store.with(|s| {
                        s.assignment
                            .manual
                            .iter()
                            .enumerate()
                            .map(|(i, (code, plan))| {
                                let name = s.plans.iter().find(|p| p.id == *plan).map(|p| p.name.clone()).unwrap_or_default();
                                view! {
                                    <li>
                                        <code>{code.clone()}</code>" → "{name}" "
                                        <button type="button" class="btn small" on:click=move |_| store.update(|s| { s.assignment.manual.remove(i); })>
                                            {d().manual_remove}
                                        </button>
                                    </li>
                                }
                            })
                            .collect_view()
                    })
                }}
            </ul>
            <div class="options-grid">
                <label class="field">
                    <span>{move || d().manual_customer}</span>
                    <input type="text" data-testid="assign-manual-code" prop:value=manual_code on:input=move |ev| manual_code.set(event_target_value(&ev)) />
                </label>
                <label class="field">
                    <span>{move || d().plan_label}</span>
                    <select data-testid="assign-manual-plan" on:change=move |ev| manual_plan.set(event_target_value(&ev))>
                        <option value="">{move || d().no_plan}</option>
                        {move || store.with(|s| s.plans.iter().map(|p| view! { <option value=p.id.clone()>{p.name.clone()}</option> }).collect_view())}
                    </select>
                </label>
                <button
                    type="button"
                    class="btn"
                    data-testid="assign-manual-add"
                    on:click=move |_| {
                        let code = manual_code.get_untracked().trim().to_string();
                        let plan = manual_plan.get_untracked();
                        if !code.is_empty() && !plan.is_empty() {
                            store.update(|s| {
                                s.assignment.manual.retain(|(c, _)| *c != code);
                                s.assignment.manual.push((code, plan));
                            });
                            manual_code.set(String::new());
                        }
                    }
                >
                    {move || d().manual_add}
                </button>
            </div>
        </div>
    }
}

/// The penalty rate, the simulation's horizon and calendar, the signature.
#[component]
fn SettingsCard(store: RwSignal<Store>) -> impl IntoView {
    let state = AppState::expect();
    let d = move || dunning_tr(state.locale.get());
    // The file's as-of date, else today.
    let default = move || {
        let t = state.as_of.get();
        let today = || {
            let now = js_sys::Date::new_0();
            chrono::NaiveDate::from_ymd_opt(now.get_full_year() as i32, now.get_month() + 1, now.get_date())
        };
        default_rate(if state.analysis.with(Option::is_some) { t } else { today().unwrap_or(t) })
    };
    let rate_shown = move || store.with(|s| s.settings.rate).unwrap_or_else(|| default().rate).to_string();
    view! {
        <div class="card" data-testid="dunning-settings">
            <h2>{move || d().settings_title}</h2>
            <div class="options-grid">
                <label class="field">
                    <span>{move || d().rate}</span>
                    <input
                        type="number"
                        min="0"
                        max="100"
                        step="0.01"
                        data-testid="penalty-rate"
                        prop:value=rate_shown
                        on:change=move |ev| {
                            if let Some(v) = format::parse_number(&event_target_value(&ev)).filter(|v| *v >= Decimal::ZERO && *v <= Decimal::ONE_HUNDRED) {
                                store.update(|s| s.settings.rate = Some(v));
                            }
                        }
                    />
                </label>
                <label class="field">
                    <span>{move || d().horizon}</span>
                    <select
                        data-testid="dunning-horizon"
                        on:change=move |ev| {
                            if let Ok(v) = event_target_value(&ev).parse::<u32>() {
                                store.update(|s| s.settings.horizon_days = v);
                            }
                        }
                    >
                        {[30u32, 60, 90]
                            .into_iter()
                            .map(|n| view! { <option value=n.to_string() selected=move || store.with(|s| s.settings.horizon_days == n)>{move || (d().days)(n)}</option> })
                            .collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span>{move || d().company}</span>
                    <input
                        type="text"
                        data-testid="dunning-company"
                        prop:value=move || store.with(|s| s.settings.company.clone())
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            store.update(|s| s.settings.company = v);
                        }
                    />
                </label>
            </div>
            <p class="muted" data-testid="penalty-rate-default">
                {move || {
                    let r = default();
                    let l = state.locale.get();
                    (d().rate_default)(
                        &format::number_upto(l, r.rate, 2),
                        &format::number_upto(l, r.ecb_rate, 2),
                        &format::date(l, r.half_year),
                        r.exact,
                    )
                }}
                " "
                {move || store.with(|s| s.settings.rate.is_some()).then(|| view! {
                    <button type="button" class="btn small" data-testid="penalty-rate-reset" on:click=move |_| store.update(|s| s.settings.rate = None)>
                        {d().rate_reset}
                    </button>
                })}
            </p>
            <label class="check">
                <input
                    type="checkbox"
                    data-testid="dunning-working-days"
                    prop:checked=move || store.with(|s| s.settings.working_days_only)
                    on:change=move |ev| {
                        let v = event_target_checked(&ev);
                        store.update(|s| s.settings.working_days_only = v);
                    }
                />
                {move || d().working_days}
            </label>
            <label class="field wide">
                <span>{move || d().contact}</span>
                <textarea
                    rows="3"
                    data-testid="dunning-contact"
                    placeholder=move || d().contact_help
                    prop:value=move || store.with(|s| s.settings.contact.clone())
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        store.update(|s| s.settings.contact = v);
                    }
                ></textarea>
            </label>
        </div>
    }
}
