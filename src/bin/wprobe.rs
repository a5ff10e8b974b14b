#[cfg(target_arch = "wasm32")]
fn main() {
    use encours::domain::calculators::*;
    use encours::i18n::{calc_tr, Locale};
    use encours::ui::format;
    let s = SavingsInputs::default();
    let o = savings(&s);
    let d = DsoInputs::default();
    let t = calc_tr(Locale::Fr);
    let doc = web_sys::window().unwrap().document().unwrap();
    let body = doc.body().unwrap();
    let mut text = format!(
        "{} {} {:?} {:?}",
        format::money_whole(Locale::Fr, o.cash_increase, "EUR"),
        (t.output)("cash_increase").0,
        d.dso_simple(),
        d.dso_countback()
    );
    for p in SAVINGS_PARAMS.iter() {
        text.push_str(&format::param_value(Locale::En, p.value_at(3.0), p.unit, "EUR"));
        text.push_str((t.param)(p.key).1);
        if let Some(v) = p.parse("12") {
            text.push_str(&v.to_string());
        }
    }
    body.set_text_content(Some(&text));
}
#[cfg(not(target_arch = "wasm32"))]
fn main() {}
