//! The full app's entry point: mounts `ui::App` into the page, with the
//! crash screen ready should the page's code ever panic.

#[cfg(target_arch = "wasm32")]
fn main() {
    encours::ui::crash::install();
    leptos::mount::mount_to_body(encours::ui::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("encours is a web app: build it with `make build` or serve it with `make serve`.");
}
