//! The analysis worker (Trunk `data-type="worker"`): it reads the file the
//! page hands it, keeps the ledger, and answers the page's queries with
//! `domain::engine`. Messages are `[json, payload?]` arrays: the payload is
//! the `File` (or its bytes) of a `Load` request.

#[cfg(target_arch = "wasm32")]
mod worker {
    use encours::domain::engine::{bad_request, decode, encode, Engine, Request, Response};
    use encours::domain::import::ImportError;
    use js_sys::{Array, Uint8Array};
    use std::cell::{Cell, RefCell};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::{spawn_local, JsFuture};
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    thread_local! {
        /// The engine of the file read last, with its generation.
        static ENGINE: RefCell<Option<(u64, Engine)>> = const { RefCell::new(None) };
        /// The generation of the latest file handed over: a file read
        /// meanwhile from an earlier one is dropped.
        static LATEST: Cell<u64> = const { Cell::new(0) };
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
        let text = parts.get(0).as_string().unwrap_or_default();
        let Some(request) = decode::<Request>(&text) else {
            reply(&bad_request(&text));
            return;
        };
        match request {
            Request::Load { generation, name, options } => {
                LATEST.with(|l| l.set(generation));
                let payload = parts.get(1);
                spawn_local(async move {
                    let t0 = now();
                    let Some(bytes) = bytes_of(payload).await else {
                        reply(&Response::LoadFailed { generation, error: ImportError::Empty });
                        return;
                    };
                    if LATEST.with(Cell::get) != generation {
                        reply(&Response::Superseded { generation });
                        return;
                    }
                    let t1 = now();
                    match Engine::load(name, &bytes, &options) {
                        Ok((engine, mut info)) => {
                            info.read_ms = (t1 - t0) as u64;
                            info.parse_ms = (now() - t1) as u64;
                            ENGINE.with(|e| *e.borrow_mut() = Some((generation, engine)));
                            reply(&Response::Loaded { generation, info: Box::new(info) });
                        }
                        Err(error) => reply(&Response::LoadFailed { generation, error }),
                    }
                });
            }
            Request::AddPayments { generation, name, options } => {
                let payload = parts.get(1);
                spawn_local(async move {
                    let Some(bytes) = bytes_of(payload).await else {
                        reply(&Response::PaymentsFailed { generation, error: ImportError::Empty });
                        return;
                    };
                    let result = ENGINE.with(|e| match e.borrow_mut().as_mut() {
                        Some((g, engine)) if *g == generation => Some(engine.add_payments(name, &bytes, &options)),
                        _ => None,
                    });
                    match result {
                        Some(Ok(info)) => reply(&Response::Loaded { generation, info: Box::new(info) }),
                        Some(Err(error)) => reply(&Response::PaymentsFailed { generation, error }),
                        None => reply(&Response::Superseded { generation }),
                    }
                });
            }
            Request::Kpis { id, query } => ENGINE.with(|e| match e.borrow_mut().as_mut() {
                Some((_, engine)) => {
                    let t0 = now();
                    let mut answer = engine.kpis(&query);
                    answer.compute_ms = (now() - t0) as u64;
                    reply(&Response::Kpis { id, answer: Box::new(answer) });
                }
                None => reply(&Response::NoFile { id }),
            }),
            Request::Aged { id, query } => ENGINE.with(|e| match e.borrow_mut().as_mut() {
                Some((_, engine)) => {
                    let t0 = now();
                    let mut answer = engine.aged(&query);
                    answer.compute_ms = (now() - t0) as u64;
                    reply(&Response::Aged { id, answer: Box::new(answer) });
                }
                None => reply(&Response::NoFile { id }),
            }),
            Request::FileFigures { id } => ENGINE.with(|e| match e.borrow_mut().as_mut() {
                Some((_, engine)) => reply(&Response::FileFigures { id, figures: engine.file_figures() }),
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
