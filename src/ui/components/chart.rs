//! One chart: the only code that knows ECharts. ECharts (the npm package's
//! `echarts.min.js`, copied into the build) is loaded the first time a
//! chart is shown, so pages without charts (and the widget) never fetch
//! it. The option comes ready from `crate::charts` (plain JSON); this
//! component adds the reader's number formats to tooltips and axes, keeps
//! the chart sized to its box, offers a PNG download and shows the data
//! table that is its text alternative.

use crate::charts::{ChartTable, ValueKind};
use crate::domain::ledger::money::raw;
use crate::i18n::{dash_tr, Locale};
use crate::ui::format;
use crate::ui::state::AppState;
use leptos::html::Div;
use leptos::prelude::*;
use rust_decimal::Decimal;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    /// An ECharts instance.
    type EchartsInstance;

    #[wasm_bindgen(catch, js_namespace = echarts, js_name = init)]
    fn echarts_init(element: &web_sys::Element, theme: &JsValue, options: &JsValue)
        -> Result<EchartsInstance, JsValue>;

    #[wasm_bindgen(catch, method, js_name = setOption)]
    fn set_option(this: &EchartsInstance, option: &JsValue, settings: &JsValue) -> Result<(), JsValue>;

    #[wasm_bindgen(method)]
    fn resize(this: &EchartsInstance);

    #[wasm_bindgen(method)]
    fn dispose(this: &EchartsInstance);

    #[wasm_bindgen(catch, method, js_name = getDataURL)]
    fn get_data_url(this: &EchartsInstance, options: &JsValue) -> Result<String, JsValue>;
}

/// Where ECharts is, relative to the page.
const ECHARTS_URL: &str = "echarts.min.js";

thread_local! {
    /// The loading of ECharts, started once and shared by every chart.
    static LOADING: RefCell<Option<js_sys::Promise>> = const { RefCell::new(None) };
}

/// Resolves once the global `echarts` exists (a `<script>` added the first
/// time); rejects if the file cannot be loaded.
fn echarts_loaded() -> js_sys::Promise {
    LOADING.with(|l| {
        l.borrow_mut()
            .get_or_insert_with(|| {
                let has = js_sys::Reflect::has(&js_sys::global(), &"echarts".into()).unwrap_or(false);
                if has {
                    return js_sys::Promise::resolve(&JsValue::TRUE);
                }
                js_sys::Promise::new(&mut |resolve, reject| {
                    let added = (|| {
                        let document = web_sys::window()?.document()?;
                        let script: web_sys::HtmlScriptElement =
                            document.create_element("script").ok()?.dyn_into().ok()?;
                        script.set_src(ECHARTS_URL);
                        script.set_onload(Some(&resolve));
                        script.set_onerror(Some(&reject));
                        document.head()?.append_child(&script).ok()
                    })();
                    if added.is_none() {
                        let _ = reject.call0(&JsValue::NULL);
                    }
                })
            })
            .clone()
    })
}

/// A value as the reader reads it, for a tooltip or an axis label.
fn shown(l: Locale, kind: &ValueKind, v: f64, compact: bool) -> String {
    let d = Decimal::try_from(v).unwrap_or_default();
    match kind {
        ValueKind::Money(c) if compact => format::money_compact(l, d, c),
        ValueKind::Money(c) => format::money(l, d, c),
        ValueKind::Days => format::days(l, d),
        ValueKind::Percent => format::percent(l, d),
        ValueKind::Count => format::count(l, v.max(0.0).round() as u64),
    }
}

/// Sets `formatter` on each value axis of `option` (one axis or a list).
fn format_value_axes(option: &JsValue, axis: &str, formatter: &JsValue) {
    let Ok(axes) = js_sys::Reflect::get(option, &axis.into()) else { return };
    let list: Vec<JsValue> = if js_sys::Array::is_array(&axes) {
        js_sys::Array::from(&axes).iter().collect()
    } else if axes.is_object() {
        vec![axes]
    } else {
        vec![]
    };
    for a in list {
        let is_value =
            js_sys::Reflect::get(&a, &"type".into()).ok().and_then(|t| t.as_string()).as_deref() == Some("value");
        if is_value {
            let label = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&label, &"formatter".into(), formatter);
            let _ = js_sys::Reflect::set(&a, &"axisLabel".into(), &label);
        }
    }
}

#[component]
pub fn Chart(
    /// `data-testid` of the chart's figure ("chart-revenue"); also the PNG's name.
    testid: &'static str,
    #[prop(into)] title: Signal<String>,
    /// The ECharts option (JSON from `crate::charts`); `None` while waiting.
    #[prop(into)]
    option: Signal<Option<String>>,
    /// The chart's data: its text alternative.
    #[prop(into)]
    table: Signal<Option<ChartTable>>,
    /// How its values read.
    #[prop(into)]
    kind: Signal<ValueKind>,
    /// Its height in pixels (its width is its box's).
    #[prop(default = 320)]
    height: u32,
    /// True when the data cannot make this chart (said instead of drawn).
    #[prop(optional, into)]
    missing: Option<Signal<bool>>,
) -> impl IntoView {
    let missing = missing.unwrap_or_else(|| Signal::derive(|| false));
    let state = AppState::expect();
    let d = move || dash_tr(state.locale.get());
    let host = NodeRef::<Div>::new();
    let failed = RwSignal::new(false);
    let ready = RwSignal::new(false);
    let instance: Rc<RefCell<Option<EchartsInstance>>> = Rc::new(RefCell::new(None));
    // The formatters and the resize watcher live as long as the chart.
    let keep: Rc<RefCell<Vec<JsValue>>> = Rc::new(RefCell::new(Vec::new()));

    wasm_bindgen_futures::spawn_local(async move {
        match JsFuture::from(echarts_loaded()).await {
            Ok(_) => {
                let _ = ready.try_set(true);
            }
            Err(_) => {
                let _ = failed.try_set(true);
            }
        }
    });

    let draw = {
        let instance = instance.clone();
        let keep = keep.clone();
        move |json: &str, l: Locale, kind: ValueKind| -> Result<(), JsValue> {
            let Some(el) = host.get_untracked() else { return Ok(()) };
            if instance.borrow().is_none() {
                let opts = js_sys::Object::new();
                js_sys::Reflect::set(&opts, &"renderer".into(), &"canvas".into())?;
                js_sys::Reflect::set(&opts, &"locale".into(), &(if l == Locale::Fr { "FR" } else { "EN" }).into())?;
                let chart = echarts_init(&el, &JsValue::NULL, &opts)?;
                *instance.borrow_mut() = Some(chart);
                let watched = instance.clone();
                let on_resize = Closure::<dyn Fn()>::new(move || {
                    if let Some(c) = watched.borrow().as_ref() {
                        c.resize();
                    }
                });
                let observer = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref())?;
                observer.observe(&el);
                keep.borrow_mut().push(on_resize.into_js_value());
                keep.borrow_mut().push(observer.into());
            }
            let option = js_sys::JSON::parse(json)?;
            let tooltip_kind = kind.clone();
            let value = Closure::<dyn Fn(JsValue) -> JsValue>::new(move |v: JsValue| {
                v.as_f64().map(|v| shown(l, &tooltip_kind, v, false)).unwrap_or_default().into()
            })
            .into_js_value();
            let axis = Closure::<dyn Fn(JsValue) -> JsValue>::new(move |v: JsValue| {
                v.as_f64().map(|v| shown(l, &kind, v, true)).unwrap_or_default().into()
            })
            .into_js_value();
            if let Ok(tooltip) = js_sys::Reflect::get(&option, &"tooltip".into()) {
                if tooltip.is_object() {
                    js_sys::Reflect::set(&tooltip, &"valueFormatter".into(), &value)?;
                }
            }
            format_value_axes(&option, "yAxis", &axis);
            format_value_axes(&option, "xAxis", &axis);
            let mut kept = keep.borrow_mut();
            // The previous drawing's formatters are no longer used.
            kept.truncate(2);
            kept.push(value);
            kept.push(axis);
            let settings = js_sys::Object::new();
            js_sys::Reflect::set(&settings, &"notMerge".into(), &JsValue::TRUE)?;
            if let Some(c) = instance.borrow().as_ref() {
                c.set_option(&option, &settings)?;
            }
            Ok(())
        }
    };
    Effect::new(move |_| {
        if !ready.get() {
            return;
        }
        let l = state.locale.get();
        let kind = kind.get();
        if let Some(json) = option.get() {
            if draw(&json, l, kind).is_err() {
                failed.set(true);
            }
        }
    });
    {
        // A handle that may cross into the cleanup (the instance stays on this thread).
        let instance = StoredValue::new_local(instance.clone());
        on_cleanup(move || {
            if let Some(c) = instance.try_with_value(|i| i.borrow_mut().take()).flatten() {
                c.dispose();
            }
        });
    }
    let png = {
        let instance = instance.clone();
        move |_| {
            let opts = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&opts, &"type".into(), &"png".into());
            let _ = js_sys::Reflect::set(&opts, &"pixelRatio".into(), &2.into());
            let _ = js_sys::Reflect::set(&opts, &"backgroundColor".into(), &"#ffffff".into());
            if let Some(url) = instance.borrow().as_ref().and_then(|c| c.get_data_url(&opts).ok()) {
                let _ = crate::ui::download::click_link(&format!("encours-{testid}.png"), &url);
            }
        }
    };
    let table_view = move || {
        let l = state.locale.get();
        let k = kind.get();
        table.get().map(|t| {
            let cell = move |v: Option<Decimal>| {
                let text = v.and_then(|v| v.try_into().ok()).map(|f: f64| shown(l, &k, f, false)).unwrap_or_default();
                view! { <td class="num" data-value=v.map(raw).unwrap_or_default()>{text}</td> }
            };
            view! {
                <div class="table-wrap">
                    <table class="chart-table" data-testid=format!("{testid}-table")>
                        <thead>
                            <tr>{t.columns.iter().enumerate().map(|(i, c)| view! { <th scope="col" class:num={i > 0}>{c.clone()}</th> }).collect_view()}</tr>
                        </thead>
                        <tbody>
                            {t
                                .rows
                                .into_iter()
                                .map(|(label, values)| {
                                    view! {
                                        <tr>
                                            <th scope="row">{label}</th>
                                            {values.into_iter().map(cell.clone()).collect_view()}
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
            }
        })
    };
    view! {
        <figure class="chart" data-testid=testid>
            <figcaption>
                <span class="chart-title">{move || title.get()}</span>
                <button type="button" class="btn small" data-testid=format!("{testid}-png") on:click=png disabled=move || !ready.get()>
                    {move || d().chart_png}
                </button>
            </figcaption>
            {move || failed.get().then(|| view! { <p class="warn" role="status">{d().chart_failed}</p> })}
            {move || missing.get().then(|| view! { <p class="muted" data-testid=format!("{testid}-missing")>{d().chart_missing}</p> })}
            <div
                class="chart-canvas"
                node_ref=host
                role="img"
                aria-label=move || format!("{} ({})", title.get(), d().chart_data)
                style=move || if missing.get() { "display:none".to_string() } else { format!("height:{height}px") }
            ></div>
            <details class="chart-data">
                <summary>{move || d().chart_data}</summary>
                {table_view}
            </details>
        </figure>
    }
}
