//! The full app's entry point: mounts `ui::App` into the page.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(encours::ui::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("encours is a web app: build it with `make build` or serve it with `make serve`.");
}
