//! The embeddable calculator's entry point: mounts `ui::widget::Widget`
//! alone (no analysis, no charts), for `widget.html`.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(encours::ui::widget::Widget);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the widget is a web page: build it with `make build`.");
}
