//! The two calculators (kpi.md "Savings calculator" and the DSO
//! calculator) drawn with the browser's DOM directly, without Leptos: the
//! embeddable widget mounts them alone and stays small (a framework would
//! weigh more than the calculators), and the app's Calculators page mounts
//! the very same ones through `components::calculator_host`, so there is
//! one calculator UI.
//!
//! A calculator is built once; `render` then writes every text, value and
//! result from its state (the inputs, the locale, the currency), except
//! into the field the user is typing in.

use crate::domain::calculators::{savings, CalculatorInputs, DsoInputs, Param, ParamUnit, SavingsInputs, Scale};
use crate::domain::ledger::money::raw;
use crate::i18n::{calc_tr, Locale};
use crate::ui::format;
use rust_decimal::Decimal;
use std::cell::RefCell;
use std::rc::Rc;
use std::str::FromStr;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, Event, HtmlInputElement};

/// Which calculator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Savings,
    Dso,
}

/// What a calculator shows besides its inputs.
#[derive(Debug, Clone, PartialEq)]
pub struct Context {
    pub locale: Locale,
    /// ISO code of the money inputs and results.
    pub currency: String,
}

/// A calculator's inputs.
#[derive(Debug, Clone, PartialEq)]
pub enum Inputs {
    Savings(SavingsInputs),
    Dso(DsoInputs),
}

impl Inputs {
    fn get(&self, key: &str) -> Decimal {
        match self {
            Inputs::Savings(s) => s.get(key),
            Inputs::Dso(d) => d.get(key),
        }
        .unwrap_or_default()
    }

    fn set(&mut self, key: &str, v: Decimal) {
        match self {
            Inputs::Savings(s) => s.set(key, v),
            Inputs::Dso(d) => d.set(key, v),
        }
    }
}

/// Told of every change the user makes, with the new inputs.
pub type OnChange = Rc<dyn Fn(&Inputs)>;

/// A text node, attribute or value `render` writes.
enum Slot {
    Text(Element, Piece),
    Attr(Element, &'static str, Piece),
    /// An input's value (not written while the user types in it).
    Value(HtmlInputElement, Piece),
    /// A slider's position.
    Position(HtmlInputElement, &'static Param),
}

/// What goes into a slot.
#[derive(Clone, Copy)]
enum Piece {
    Title,
    Intro,
    InputsTitle,
    ResultsTitle,
    ParamLabel(&'static str),
    ParamHelp(&'static str),
    ParamShown(&'static Param),
    ParamValue(&'static str),
    Target,
    ResultLabel(&'static str),
    ResultHelp(&'static str),
    ResultValue(&'static str),
    ResultRaw(&'static str),
    Formula(&'static str),
    Filled(&'static str),
    DsoSimpleLabel,
    DsoSimpleFormula,
    DsoSimple,
    DsoSimpleRaw,
    DsoFilled,
    CountbackTitle,
    CountbackIntro,
    CountbackSales,
    CountbackDays,
    CountbackMonth(usize),
    /// (month, sales or days) of a countback cell: its label.
    CountbackCellLabel(usize, bool),
    CountbackCell(usize, bool),
    CountbackResult,
    Countback,
    CountbackRaw,
    /// Every result, for the live region.
    Announce,
}

struct State {
    inputs: Inputs,
    context: Context,
    on_change: Option<OnChange>,
    /// The calculator's live region: its results, said once the user
    /// stops moving a slider or typing (not at every step).
    announcer: Option<Announcer>,
}

/// Says the results once changes settle: each change restarts a short timer.
struct Announcer {
    timer: Rc<std::cell::Cell<Option<i32>>>,
    say: Closure<dyn FnMut()>,
}

/// Quiet time before the results are said.
const ANNOUNCE_AFTER_MS: i32 = 700;

impl Announcer {
    fn restart(&self) {
        let Some(w) = web_sys::window() else { return };
        if let Some(t) = self.timer.take() {
            w.clear_timeout_with_handle(t);
        }
        let id = w.set_timeout_with_callback_and_timeout_and_arguments_0(
            self.say.as_ref().unchecked_ref(),
            ANNOUNCE_AFTER_MS,
        );
        self.timer.set(id.ok());
    }
}

/// A calculator in the page. Dropping it removes its listeners (the
/// elements go with their parent).
pub struct Calculator {
    state: Rc<RefCell<State>>,
    slots: Slots,
    _listeners: Vec<Closure<dyn FnMut(Event)>>,
}

/// The slots of a calculator, shared with its listeners (complete once it
/// is built).
type Slots = Rc<RefCell<Vec<Slot>>>;

impl Calculator {
    /// Builds the calculator into `parent` (its ids start with `prefix`).
    pub fn mount(parent: &Element, prefix: &str, inputs: Inputs, context: Context) -> Option<Calculator> {
        let doc = web_sys::window()?.document()?;
        let state = Rc::new(RefCell::new(State { inputs, context, on_change: None, announcer: None }));
        let slots: Slots = Rc::new(RefCell::new(Vec::new()));
        let mut b = Builder { doc, slots: Rc::clone(&slots), listeners: Vec::new(), state: Rc::clone(&state) };
        let kind = match state.borrow().inputs {
            Inputs::Savings(_) => Kind::Savings,
            Inputs::Dso(_) => Kind::Dso,
        };
        let section = match kind {
            Kind::Savings => b.savings(prefix)?,
            Kind::Dso => b.dso(prefix)?,
        };
        let region =
            b.el("p", &[("class", "calc-announce"), ("aria-live", "polite"), ("data-testid", "calc-announce")])?;
        append(&section, region.clone())?;
        let timer = Rc::new(std::cell::Cell::new(None));
        let say = {
            let (state, region, timer) = (Rc::downgrade(&state), region.clone(), Rc::clone(&timer));
            Closure::<dyn FnMut()>::new(move || {
                timer.set(None);
                if let Some(state) = state.upgrade() {
                    region.set_text_content(Some(&piece(&state.borrow(), Piece::Announce)));
                }
            })
        };
        state.borrow_mut().announcer = Some(Announcer { timer, say });
        parent.append_child(&section).ok()?;
        let calculator = Calculator { state, slots, _listeners: b.listeners };
        calculator.render(None);
        Some(calculator)
    }

    /// Tells `on_change` of each change the user makes.
    pub fn on_change(&self, f: OnChange) {
        self.state.borrow_mut().on_change = Some(f);
    }

    /// New inputs or context from outside (a reset, the file's figures, the
    /// language): written if they differ.
    pub fn set(&self, inputs: &Inputs, context: &Context) {
        {
            let s = self.state.borrow();
            if s.inputs == *inputs && s.context == *context {
                return;
            }
        }
        {
            let mut s = self.state.borrow_mut();
            s.inputs = inputs.clone();
            s.context = context.clone();
        }
        self.render(None);
    }

    fn render(&self, typing: Option<&Element>) {
        render(&self.state.borrow(), &self.slots.borrow(), typing);
    }
}

impl Drop for Calculator {
    /// A pending announcement is cancelled with the calculator.
    fn drop(&mut self) {
        if let (Some(a), Some(w)) = (&self.state.borrow().announcer, web_sys::window()) {
            if let Some(t) = a.timer.take() {
                w.clear_timeout_with_handle(t);
            }
        }
    }
}

/// Writes every slot from the state; `typing` is left as the user wrote it.
fn render(s: &State, slots: &[Slot], typing: Option<&Element>) {
    for slot in slots {
        match slot {
            Slot::Text(el, p) => {
                let text = piece(s, *p);
                if el.text_content().as_deref() != Some(text.as_str()) {
                    el.set_text_content(Some(&text));
                }
            }
            Slot::Attr(el, name, p) => {
                let _ = el.set_attribute(name, &piece(s, *p));
            }
            Slot::Value(input, p) => {
                if typing != Some(input.unchecked_ref::<Element>()) {
                    input.set_value(&piece(s, *p));
                }
            }
            Slot::Position(input, param) => {
                if typing != Some(input.unchecked_ref::<Element>()) {
                    let v: f64 = s.inputs.get(param.key).try_into().unwrap_or(0.0);
                    input.set_value_as_number(param.position(v));
                }
            }
        }
    }
}

/// The text of a piece in the state's language.
fn piece(s: &State, p: Piece) -> String {
    let l = s.context.locale;
    let c = s.context.currency.as_str();
    let t = calc_tr(l);
    let unavailable = |u| (t.unavailable_reason)(&u, &|d| format::date(l, d));
    let days = |v: Decimal| format::param_value(l, v, ParamUnit::Days, c);
    let money = |v: Decimal| format::money_whole(l, v, c);
    let savings_in = || match &s.inputs {
        Inputs::Savings(i) => i.clone(),
        Inputs::Dso(_) => SavingsInputs::default(),
    };
    let dso_in = || match &s.inputs {
        Inputs::Dso(d) => d.clone(),
        Inputs::Savings(_) => DsoInputs::default(),
    };
    let output = |key: &str| {
        let o = savings(&savings_in());
        match key {
            "cash_increase" => o.cash_increase,
            "collections_increase" => o.collections_increase,
            "investment_income" => o.investment_income,
            _ => o.hours_saved_month,
        }
    };
    match p {
        Piece::Title => match s.inputs {
            Inputs::Savings(_) => t.savings_title,
            Inputs::Dso(_) => t.dso_calc_title,
        }
        .to_string(),
        Piece::Intro => match s.inputs {
            Inputs::Savings(_) => t.savings_intro,
            Inputs::Dso(_) => t.dso_calc_intro,
        }
        .to_string(),
        Piece::InputsTitle => t.savings_inputs.to_string(),
        Piece::ResultsTitle => t.savings_results.to_string(),
        Piece::ParamLabel(key) => (t.param)(key).0.to_string(),
        Piece::ParamHelp(key) => (t.param)(key).1.to_string(),
        Piece::ParamShown(param) => format::param_value(l, s.inputs.get(param.key), param.unit, c),
        Piece::ParamValue(key) => s.inputs.get(key).to_string(),
        Piece::Target => {
            format!("{}{}{}", t.dso_target, l.colon(), days(savings_in().dso_target()))
        }
        Piece::ResultLabel(key) => (t.output)(key).0.to_string(),
        Piece::ResultHelp(key) => (t.output)(key).1.to_string(),
        Piece::ResultValue(key) => {
            let v = output(key);
            match key {
                "hours_saved_month" => format!("{}\u{a0}{}", format::number_upto(l, v, 1), t.unit_hours_month),
                "cash_increase" => money(v),
                _ => format!("{} {}", money(v), t.per_year),
            }
        }
        Piece::ResultRaw(key) => raw(output(key)),
        Piece::Formula(key) => (t.formula)(key).to_string(),
        Piece::Filled(key) => {
            let i = savings_in();
            let pct = |v: Decimal| format::param_value(l, v, ParamUnit::Percent, c);
            let n = |v: Decimal| format::number_upto(l, v, 1);
            let filled = match key {
                "cash_increase" => format!("{} ÷ 365 × {}", money(i.revenue), days(i.dso_reduction)),
                "collections_increase" => {
                    format!("{} × {} × {}", money(i.revenue), pct(i.bad_debt_rate), pct(i.bad_debt_avoided))
                }
                "investment_income" => format!("{} × {}", money(output("cash_increase")), pct(i.yield_rate)),
                _ => format!(
                    "{} × {} × {} × {} ÷ 60",
                    n(i.invoices_per_month),
                    n(i.reminders_per_invoice),
                    format::param_value(l, i.minutes_per_reminder, ParamUnit::Minutes, c),
                    pct(i.automated_share)
                ),
            };
            format!("= {filled}")
        }
        Piece::DsoSimpleLabel => t.dso_simple_label.to_string(),
        Piece::DsoSimpleFormula => t.dso_simple_formula.to_string(),
        Piece::DsoSimple => dso_in().dso_simple().map_or_else(|u| format!("— ({})", unavailable(u)), days),
        Piece::DsoSimpleRaw => dso_in().dso_simple().map(raw).unwrap_or_default(),
        Piece::DsoFilled => {
            let d = dso_in();
            format!("= {} ÷ {} × {}", money(d.receivables), money(d.revenue), days(d.days))
        }
        Piece::CountbackTitle => t.countback_title.to_string(),
        Piece::CountbackIntro => t.countback_intro.to_string(),
        Piece::CountbackSales => t.countback_sales.to_string(),
        Piece::CountbackDays => t.countback_days.to_string(),
        Piece::CountbackMonth(k) => (t.countback_month)(k),
        Piece::CountbackCellLabel(k, sales) => {
            let what = if sales { t.countback_sales } else { t.countback_days };
            format!("{} — {}", (t.countback_month)(k), what)
        }
        Piece::CountbackCell(k, sales) => {
            dso_in().months.get(k).map(|m| if sales { m.0 } else { m.1 }).unwrap_or_default().to_string()
        }
        Piece::CountbackResult => t.countback_result.to_string(),
        Piece::Countback => dso_in().dso_countback().map_or_else(|u| format!("— ({})", unavailable(u)), days),
        Piece::CountbackRaw => dso_in().dso_countback().map(raw).unwrap_or_default(),
        Piece::Announce => {
            let said: Vec<String> = match s.inputs {
                Inputs::Savings(_) => {
                    ["cash_increase", "collections_increase", "investment_income", "hours_saved_month"]
                        .iter()
                        .map(|k| format!("{}{}{}", (t.output)(k).0, l.colon(), piece(s, Piece::ResultValue(k))))
                        .collect()
                }
                Inputs::Dso(_) => vec![
                    format!("{}{}{}", t.dso_simple_label, l.colon(), piece(s, Piece::DsoSimple)),
                    format!("{}{}{}", t.countback_result, l.colon(), piece(s, Piece::Countback)),
                ],
            };
            said.join(". ")
        }
    }
}

/// Appends `child` to `parent`.
fn append(parent: &Element, child: Element) -> Option<()> {
    parent.append_child(&child).ok().map(|_| ())
}

/// Makes the elements, noting the slots and listeners.
struct Builder {
    doc: Document,
    slots: Slots,
    listeners: Vec<Closure<dyn FnMut(Event)>>,
    state: Rc<RefCell<State>>,
}

impl Builder {
    /// An element with attributes.
    fn el(&self, tag: &str, attrs: &[(&str, &str)]) -> Option<Element> {
        let e = self.doc.create_element(tag).ok()?;
        for (k, v) in attrs {
            e.set_attribute(k, v).ok()?;
        }
        Some(e)
    }

    /// An element whose text is `p`.
    fn text(&mut self, tag: &str, attrs: &[(&str, &str)], p: Piece) -> Option<Element> {
        let e = self.el(tag, attrs)?;
        self.slot(Slot::Text(e.clone(), p));
        Some(e)
    }

    fn slot(&self, slot: Slot) {
        self.slots.borrow_mut().push(slot);
    }

    /// Calls `change` on the state when `input` fires, then re-renders all
    /// but `input` and tells the page.
    fn listen(&mut self, input: &HtmlInputElement, change: impl Fn(&mut Inputs, &HtmlInputElement) -> bool + 'static) {
        let state = Rc::clone(&self.state);
        let target = input.clone();
        let slots = Rc::clone(&self.slots);
        let handler = Closure::<dyn FnMut(Event)>::new(move |_: Event| {
            let changed = change(&mut state.borrow_mut().inputs, &target);
            if !changed {
                return;
            }
            let s = state.borrow();
            render(&s, &slots.borrow(), Some(target.unchecked_ref()));
            if let Some(a) = &s.announcer {
                a.restart();
            }
            if let Some(f) = s.on_change.clone() {
                let inputs = s.inputs.clone();
                drop(s);
                f(&inputs);
            }
        });
        let _ = input.add_event_listener_with_callback("input", handler.as_ref().unchecked_ref());
        self.listeners.push(handler);
    }

    /// One input: a labelled slider and a number field named after it.
    fn param(&mut self, prefix: &str, param: &'static Param) -> Option<Element> {
        let key = param.key;
        let number_id = format!("{prefix}-{key}");
        let label_id = format!("{prefix}-{key}-label");
        let row = self.el("div", &[("class", "param"), ("data-param", key)])?;
        let head = self.el("div", &[("class", "param-head")])?;
        append(&head, self.text("label", &[("id", &label_id), ("for", &number_id)], Piece::ParamLabel(key))?)?;
        let shown = self.text(
            "output",
            &[("class", "param-shown"), ("for", &number_id), ("aria-hidden", "true")],
            Piece::ParamShown(param),
        )?;
        head.append_child(&shown).ok()?;
        row.append_child(&head).ok()?;
        let controls = self.el("div", &[("class", "param-controls")])?;
        let slider: HtmlInputElement = self
            .el(
                "input",
                &[
                    ("type", "range"),
                    ("class", "slider"),
                    ("data-testid", &format!("{key}-slider")),
                    ("aria-labelledby", &label_id),
                ],
            )?
            .dyn_into()
            .ok()?;
        let (min, max, step) = param.slider_range();
        // Numbers given as numbers: the browser writes them.
        for (name, v) in [("min", min), ("max", max), ("step", step)] {
            js_sys::Reflect::set(&slider, &name.into(), &JsValue::from_f64(v)).ok()?;
        }
        self.slot(Slot::Attr(slider.clone().into(), "aria-valuetext", Piece::ParamShown(param)));
        self.slot(Slot::Position(slider.clone(), param));
        self.listen(&slider, move |inputs, el| {
            let v = param.value_at(el.value_as_number());
            inputs.set(param.key, v);
            true
        });
        let number: HtmlInputElement = self
            .el(
                "input",
                &[
                    ("type", "number"),
                    ("class", "number"),
                    ("id", &number_id),
                    ("data-testid", key),
                    ("inputmode", "decimal"),
                ],
            )?
            .dyn_into()
            .ok()?;
        js_sys::Reflect::set(&number, &"min".into(), &JsValue::from_f64(param.min)).ok()?;
        match param.scale {
            Scale::Log => number.set_attribute("step", "any").ok()?,
            Scale::Linear => {
                js_sys::Reflect::set(&number, &"step".into(), &JsValue::from_f64(param.step)).map(|_| ()).ok()?
            }
        }
        self.slot(Slot::Value(number.clone(), Piece::ParamValue(key)));
        self.listen(&number, move |inputs, el| match param.parse(&el.value()) {
            Some(v) => {
                inputs.set(param.key, v);
                true
            }
            None => false,
        });
        controls.append_child(&slider).ok()?;
        controls.append_child(&number).ok()?;
        row.append_child(&controls).ok()?;
        append(&row, self.text("p", &[("class", "param-help")], Piece::ParamHelp(key))?)?;
        Some(row)
    }

    /// The section, its title and intro.
    fn section(&mut self, prefix: &str, class: &str, testid: &str) -> Option<Element> {
        let title_id = format!("{prefix}-title");
        let section =
            self.el("section", &[("class", class), ("data-testid", testid), ("aria-labelledby", &title_id)])?;
        append(&section, self.text("h2", &[("id", &title_id)], Piece::Title)?)?;
        append(&section, self.text("p", &[("class", "muted")], Piece::Intro)?)?;
        Some(section)
    }

    /// A result: label, value (`data-kpi`, `data-value`), and what follows.
    fn result(&mut self, label: Piece, kpi: &str, value: Piece, raw: Piece) -> Option<(Element, Element)> {
        let result = self.el("div", &[("class", "result")])?;
        append(&result, self.text("div", &[("class", "result-label")], label)?)?;
        let v = self.text("div", &[("class", "result-value"), ("data-kpi", kpi)], value)?;
        self.slot(Slot::Attr(v.clone(), "data-value", raw));
        result.append_child(&v).ok()?;
        Some((result, v))
    }

    /// A formula: its words, then its figures.
    fn formula(&mut self, words: Piece, figures: Piece) -> Option<Element> {
        let p = self.el("p", &[("class", "formula")])?;
        append(&p, self.text("span", &[("class", "formula-words")], words)?)?;
        append(&p, self.text("span", &[("class", "formula-figures")], figures)?)?;
        Some(p)
    }

    fn savings(&mut self, prefix: &str) -> Option<Element> {
        let section = self.section(prefix, "calc savings", "savings-calculator")?;
        let body = self.el("div", &[("class", "calc-body")])?;
        let inputs = self.el("div", &[("class", "calc-inputs")])?;
        append(&inputs, self.text("h3", &[], Piece::InputsTitle)?)?;
        for p in SavingsInputs::PARAMS {
            append(&inputs, self.param(prefix, p)?)?;
        }
        let target = self.text("p", &[("class", "muted target"), ("data-testid", "dso-target")], Piece::Target)?;
        append(&inputs, target)?;
        let results = self.el("div", &[("class", "calc-results")])?;
        append(&results, self.text("h3", &[], Piece::ResultsTitle)?)?;
        for key in ["cash_increase", "collections_increase", "investment_income", "hours_saved_month"] {
            let (result, _) =
                self.result(Piece::ResultLabel(key), key, Piece::ResultValue(key), Piece::ResultRaw(key))?;
            append(&result, self.text("p", &[("class", "result-help")], Piece::ResultHelp(key))?)?;
            append(&result, self.formula(Piece::Formula(key), Piece::Filled(key))?)?;
            results.append_child(&result).ok()?;
        }
        body.append_child(&inputs).ok()?;
        body.append_child(&results).ok()?;
        section.append_child(&body).ok()?;
        Some(section)
    }

    fn dso(&mut self, prefix: &str) -> Option<Element> {
        let section = self.section(prefix, "calc dso", "dso-calculator")?;
        let body = self.el("div", &[("class", "calc-body")])?;
        let inputs = self.el("div", &[("class", "calc-inputs")])?;
        for p in DsoInputs::PARAMS {
            append(&inputs, self.param(prefix, p)?)?;
        }
        let results = self.el("div", &[("class", "calc-results")])?;
        let (simple, _) = self.result(Piece::DsoSimpleLabel, "dso_simple", Piece::DsoSimple, Piece::DsoSimpleRaw)?;
        append(&simple, self.formula(Piece::DsoSimpleFormula, Piece::DsoFilled)?)?;
        results.append_child(&simple).ok()?;
        body.append_child(&inputs).ok()?;
        body.append_child(&results).ok()?;
        section.append_child(&body).ok()?;

        append(&section, self.text("h3", &[], Piece::CountbackTitle)?)?;
        append(&section, self.text("p", &[("class", "muted")], Piece::CountbackIntro)?)?;
        let body = self.el("div", &[("class", "calc-body")])?;
        let inputs = self.el("div", &[("class", "calc-inputs")])?;
        let table = self.el("table", &[("class", "months")])?;
        let head = self.el("tr", &[])?;
        append(&head, self.el("th", &[("scope", "col")])?)?;
        append(&head, self.text("th", &[("scope", "col")], Piece::CountbackSales)?)?;
        append(&head, self.text("th", &[("scope", "col")], Piece::CountbackDays)?)?;
        let thead = self.el("thead", &[])?;
        thead.append_child(&head).ok()?;
        table.append_child(&thead).ok()?;
        let tbody = self.el("tbody", &[])?;
        let months = match &self.state.borrow().inputs {
            Inputs::Dso(d) => d.months.len(),
            Inputs::Savings(_) => 0,
        };
        for k in 0..months {
            let tr = self.el("tr", &[])?;
            append(&tr, self.text("th", &[("scope", "row")], Piece::CountbackMonth(k))?)?;
            for sales in [true, false] {
                let (class, name, min, step) =
                    if sales { ("number", "sales", "0", "any") } else { ("number days", "days", "1", "1") };
                let td = self.el("td", &[])?;
                let input: HtmlInputElement = self
                    .el(
                        "input",
                        &[
                            ("type", "number"),
                            ("class", class),
                            ("min", min),
                            ("step", step),
                            ("data-testid", &format!("countback-{name}-{k}")),
                        ],
                    )?
                    .dyn_into()
                    .ok()?;
                if !sales {
                    input.set_attribute("max", "31").ok()?;
                }
                self.slot(Slot::Attr(input.clone().into(), "aria-label", Piece::CountbackCellLabel(k, sales)));
                self.slot(Slot::Value(input.clone(), Piece::CountbackCell(k, sales)));
                self.listen(&input, move |inputs, el| {
                    let Inputs::Dso(d) = inputs else { return false };
                    let Ok(v) = Decimal::from_str(el.value().trim().replace(',', ".").as_str()) else { return false };
                    let v = v.max(Decimal::ZERO);
                    match d.months.get_mut(k) {
                        Some(m) if sales => m.0 = v,
                        Some(m) => m.1 = v.min(Decimal::from(31)),
                        None => return false,
                    }
                    true
                });
                td.append_child(&input).ok()?;
                tr.append_child(&td).ok()?;
            }
            tbody.append_child(&tr).ok()?;
        }
        table.append_child(&tbody).ok()?;
        inputs.append_child(&table).ok()?;
        let results = self.el("div", &[("class", "calc-results")])?;
        let (countback, _) =
            self.result(Piece::CountbackResult, "dso_countback_calc", Piece::Countback, Piece::CountbackRaw)?;
        results.append_child(&countback).ok()?;
        body.append_child(&inputs).ok()?;
        body.append_child(&results).ok()?;
        section.append_child(&body).ok()?;
        Some(section)
    }
}
