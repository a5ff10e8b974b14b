//! The embeddable calculator's entry point: builds `ui::widget::start`
//! alone (no analysis, no charts, no Leptos: plain DOM), for `widget.html`.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    encours::ui::widget::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the widget is a web page: build it with `make build`.");
}
