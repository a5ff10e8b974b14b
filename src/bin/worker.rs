//! The analysis worker (Trunk `data-type="worker"`): it reads the file the
//! page hands it, keeps the ledger, and answers the page's queries with
//! `domain::engine`. Messages are `[json, payload?]` arrays: the payload is
//! the `File` (or its bytes) of a `Load` request.

#[cfg(target_arch = "wasm32")]
mod worker {
    use encours::domain::engine::{decode, encode, Engine, Request, Response};
    use js_sys::{Array, Uint8Array};
    use std::cell::RefCell;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::{spawn_local, JsFuture};
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    thread_local! {
        static ENGINE: RefCell<Option<Engine>> = const { RefCell::new(None) };
    }

    fn scope() -> DedicatedWorkerGlobalScope {
        js_sys::global().unchecked_into()
    }

    fn now() -> f64 {
        js_sys::Date::now()
    }

    fn reply(response: &Response) {
        let _ = scope().post_message(&JsValue::from_str(&encode(response)));
    }

    /// The bytes of a `File`, `Blob` or `Uint8Array` payload.
    async fn bytes_of(payload: JsValue) -> Option<Vec<u8>> {
        if let Some(blob) = payload.dyn_ref::<web_sys::Blob>() {
            let buffer = JsFuture::from(blob.array_buffer()).await.ok()?;
            return Some(Uint8Array::new(&buffer).to_vec());
        }
        payload.dyn_ref::<Uint8Array>().map(Uint8Array::to_vec)
    }

    fn handle(message: JsValue) {
        let parts: Array = message.unchecked_into();
        let Some(request) = parts.get(0).as_string().and_then(|t| decode::<Request>(&t)) else { return };
        match request {
            Request::Load { name, options } => {
                let payload = parts.get(1);
                spawn_local(async move {
                    let t0 = now();
                    let Some(bytes) = bytes_of(payload).await else {
                        reply(&Response::LoadFailed(encours::domain::import::ImportError::Empty));
                        return;
                    };
                    let t1 = now();
                    match Engine::load(name, &bytes, &options) {
                        Ok((engine, mut info)) => {
                            info.read_ms = (t1 - t0) as u64;
                            info.parse_ms = (now() - t1) as u64;
                            ENGINE.with(|e| *e.borrow_mut() = Some(engine));
                            reply(&Response::Loaded(Box::new(info)));
                        }
                        Err(e) => reply(&Response::LoadFailed(e)),
                    }
                });
            }
            Request::AddPayments { name, options } => {
                let payload = parts.get(1);
                spawn_local(async move {
                    let Some(bytes) = bytes_of(payload).await else {
                        reply(&Response::PaymentsFailed(encours::domain::import::ImportError::Empty));
                        return;
                    };
                    let result = ENGINE.with(|e| match e.borrow_mut().as_mut() {
                        Some(engine) => engine.add_payments(name, &bytes, &options),
                        None => Err(encours::domain::import::ImportError::Empty),
                    });
                    match result {
                        Ok(info) => reply(&Response::Loaded(Box::new(info))),
                        Err(e) => reply(&Response::PaymentsFailed(e)),
                    }
                });
            }
            Request::Dashboard { id, query } => ENGINE.with(|e| match e.borrow_mut().as_mut() {
                Some(engine) => {
                    let t0 = now();
                    let mut answer = engine.dashboard(&query);
                    answer.compute_ms = (now() - t0) as u64;
                    reply(&Response::Dashboard { id, answer: Box::new(answer) });
                }
                None => reply(&Response::NoFile { id }),
            }),
            Request::FileFigures { id } => ENGINE.with(|e| match e.borrow_mut().as_mut() {
                Some(engine) => reply(&Response::FileFigures { id, figures: engine.file_figures() }),
                None => reply(&Response::NoFile { id }),
            }),
        }
    }

    pub fn start() {
        console_error_panic_hook::set_once();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|ev: MessageEvent| handle(ev.data()));
        scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        // The handler lives as long as the worker.
        on_message.forget();
        // Messages the page sent while the wasm was loading were lost: it
        // keeps them until it hears this.
        reply(&Response::Ready);
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    worker::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the analysis worker runs in the browser: build it with `make build`.");
}
