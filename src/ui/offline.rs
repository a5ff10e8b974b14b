//! Offline use: the page registers the service worker (`sw.js`, written by
//! `.ci/postbuild.mjs`), which keeps every file of this build so that the
//! app loads and works with no network after one visit. When a newer build
//! has been installed beside it, `update_ready` is set; the page offers to
//! reload, and `apply_update` lets the new version take over then (never
//! in the middle of an analysis without the user asking).

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ServiceWorker, ServiceWorkerRegistration, ServiceWorkerState};

fn sw_container() -> Option<web_sys::ServiceWorkerContainer> {
    let navigator = web_sys::window()?.navigator();
    // Browsers without service workers (or with them disabled) have none.
    js_sys::Reflect::has(&navigator, &"serviceWorker".into()).ok()?.then(|| navigator.service_worker())
}

/// Registers the service worker; `update_ready` becomes true when a newer
/// version is installed and waiting.
pub fn register(update_ready: RwSignal<bool>) {
    let Some(container) = sw_container() else { return };
    let registering = container.register("./sw.js");
    spawn_local(async move {
        let Ok(reg) = JsFuture::from(registering).await else { return };
        let reg: ServiceWorkerRegistration = reg.unchecked_into();
        // A version already waiting from an earlier visit.
        if reg.waiting().is_some() && container.controller().is_some() {
            let _ = update_ready.try_set(true);
        }
        // A version being installed now, or later.
        if let Some(installing) = reg.installing() {
            watch(installing, update_ready);
        }
        let watched = reg.clone();
        let on_found = Closure::<dyn FnMut()>::new(move || {
            if let Some(installing) = watched.installing() {
                watch(installing, update_ready);
            }
        });
        reg.set_onupdatefound(Some(on_found.as_ref().unchecked_ref()));
        // Kept for the page's life, as the registration is.
        on_found.forget();
    });
}

/// Sets `update_ready` once `worker` is installed while another version
/// runs the page (the first install is not an update).
fn watch(worker: ServiceWorker, update_ready: RwSignal<bool>) {
    let watched = worker.clone();
    let on_state = Closure::<dyn FnMut()>::new(move || {
        let controlled = sw_container().and_then(|c| c.controller()).is_some();
        if watched.state() == ServiceWorkerState::Installed && controlled {
            let _ = update_ready.try_set(true);
        }
    });
    worker.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
    on_state.forget();
}

/// Lets the waiting version take over, then reloads the page on it.
pub fn apply_update() {
    let Some(container) = sw_container() else { return };
    let on_change = Closure::<dyn FnMut()>::new(|| {
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    });
    container.set_oncontrollerchange(Some(on_change.as_ref().unchecked_ref()));
    on_change.forget();
    spawn_local(async move {
        let Ok(reg) = JsFuture::from(container.get_registration()).await else { return };
        let Ok(reg) = reg.dyn_into::<ServiceWorkerRegistration>() else { return };
        if let Some(waiting) = reg.waiting() {
            let _ = waiting.post_message(&"encours:update".into());
        }
    });
}
