//! The analysis worker (Trunk `data-type="worker"`): it reads the file the
//! page hands it, keeps the ledger, and answers the page's queries with
//! `domain::engine`. Messages are `[json, payload?]` arrays: the payload is
//! the `File` (or its bytes) of a `Load` request.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::unreachable, clippy::todo)]

#[cfg(target_arch = "wasm32")]
mod worker {
    use encours::domain::engine::{bad_request, decode, encode, Engine, LoadedInfo, Request, Response};
    use encours::domain::import::{route, ImportError, ImportOptions, Stream};

    /// Bytes read at a time from a file: a few MB, so memory holds the
    /// ledger, not the file.
    const SLICE: f64 = 4.0 * 1024.0 * 1024.0;
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
        /// The generation whose reading the user stopped.
        static CANCELLED: Cell<u64> = const { Cell::new(0) };
    }

    fn scope() -> DedicatedWorkerGlobalScope {
        js_sys::global().unchecked_into()
    }

    /// The size of this worker's WebAssembly memory.
    fn memory_bytes() -> u64 {
        wasm_bindgen::memory()
            .dyn_into::<js_sys::WebAssembly::Memory>()
            .map_or(0, |m| m.buffer().unchecked_into::<js_sys::ArrayBuffer>().byte_length() as u64)
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

    /// How a reading ended.
    enum Read {
        Done(Box<Engine>, Box<LoadedInfo>),
        Failed(ImportError),
        Superseded,
        Cancelled,
    }

    /// Whether the reading of `generation` is to stop.
    fn stopped(generation: u64) -> Option<Read> {
        if CANCELLED.with(Cell::get) == generation {
            Some(Read::Cancelled)
        } else if LATEST.with(Cell::get) != generation {
            Some(Read::Superseded)
        } else {
            None
        }
    }

    /// The bytes of `blob` from `start` to `end`.
    async fn slice(blob: &web_sys::Blob, start: f64, end: f64) -> Option<Vec<u8>> {
        let part = blob.slice_with_f64_and_f64(start, end).ok()?;
        let buffer = JsFuture::from(part.array_buffer()).await.ok()?;
        Some(Uint8Array::new(&buffer).to_vec())
    }

    /// Reads a file: a delimited one in slices as they arrive (the next
    /// slice is asked for while this one is parsed by the time it is
    /// needed), telling the page how far it is; a workbook or a FEC whole.
    async fn read(generation: u64, name: String, payload: JsValue, options: ImportOptions) -> Read {
        let t0 = now();
        let Some(blob) = payload.dyn_ref::<web_sys::Blob>() else {
            // Bytes already in memory (the sample).
            let Some(bytes) = bytes_of(payload).await else { return Read::Failed(ImportError::Empty) };
            return whole(name, &bytes, &options, t0);
        };
        let total = blob.size();
        let first_end = total.min(SLICE);
        let Some(first) = slice(blob, 0.0, first_end).await else { return Read::Failed(ImportError::Empty) };
        if let Some(stop) = stopped(generation) {
            return stop;
        }
        // A workbook (a zip) is read whole; a delimited file or a FEC in slices.
        let Some(mut stream) = Stream::new(route(&first), options.clone()) else {
            let Some(bytes) = bytes_of(payload.clone()).await else { return Read::Failed(ImportError::Empty) };
            return whole(name, &bytes, &options, t0);
        };
        stream.size_hint(total as u64);
        let (mut read_ms, mut parse_ms) = (now() - t0, 0.0);
        let mut next = Some(first);
        let mut offset = first_end;
        while let Some(bytes) = next.take() {
            // Ask for the next slice before parsing this one.
            let pending = (offset < total).then(|| {
                let end = total.min(offset + SLICE);
                let part = blob.slice_with_f64_and_f64(offset, end).ok().map(|p| JsFuture::from(p.array_buffer()));
                offset = end;
                part
            });
            let t = now();
            if let Err(e) = stream.push(&bytes) {
                return Read::Failed(e);
            }
            parse_ms += now() - t;
            reply(&Response::Progress {
                generation,
                bytes: offset as u64,
                total: total as u64,
                rows: stream.rows_read(),
            });
            if let Some(pending) = pending {
                let t = now();
                let Some(Ok(buffer)) = (match pending {
                    Some(p) => Some(p.await),
                    None => None,
                }) else {
                    return Read::Failed(ImportError::Empty);
                };
                read_ms += now() - t;
                next = Some(Uint8Array::new(&buffer).to_vec());
            }
            if let Some(stop) = stopped(generation) {
                return stop;
            }
        }
        let t = now();
        match stream.finish() {
            Ok((ledger, report)) => {
                let (engine, mut info) = Engine::of(name, total as u64, ledger, report);
                info.read_ms = read_ms as u64;
                info.parse_ms = (parse_ms + now() - t) as u64;
                Read::Done(Box::new(engine), Box::new(info))
            }
            Err(e) => Read::Failed(e),
        }
    }

    /// Answers query `id` with `f` on the file's engine, or says there is no file.
    fn answer(id: u64, f: impl FnOnce(&mut Engine) -> Response) {
        let response = ENGINE.with(|e| e.borrow_mut().as_mut().map(|(_, engine)| f(engine)));
        reply(&response.unwrap_or(Response::NoFile { id }));
    }

    /// Reads a file held whole, timing the read (since `t0`) and the parse.
    fn whole(name: String, bytes: &[u8], options: &ImportOptions, t0: f64) -> Read {
        let t1 = now();
        match Engine::load(name, bytes, options) {
            Ok((engine, mut info)) => {
                info.read_ms = (t1 - t0) as u64;
                info.parse_ms = (now() - t1) as u64;
                Read::Done(Box::new(engine), Box::new(info))
            }
            Err(e) => Read::Failed(e),
        }
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
                    match read(generation, name, payload, options).await {
                        Read::Done(engine, mut info) => {
                            ENGINE.with(|e| *e.borrow_mut() = Some((generation, *engine)));
                            info.memory_bytes = memory_bytes();
                            reply(&Response::Loaded { generation, info });
                        }
                        Read::Failed(error) => reply(&Response::LoadFailed { generation, error }),
                        Read::Superseded => reply(&Response::Superseded { generation }),
                        Read::Cancelled => reply(&Response::Cancelled { generation }),
                    }
                });
            }
            Request::Cancel { generation } => CANCELLED.with(|c| c.set(generation)),
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
                        Some(Ok(mut info)) => {
                            info.memory_bytes = memory_bytes();
                            reply(&Response::Loaded { generation, info: Box::new(info) })
                        }
                        Some(Err(error)) => reply(&Response::PaymentsFailed { generation, error }),
                        None => reply(&Response::Superseded { generation }),
                    }
                });
            }
            Request::Kpis { id, query } => answer(id, |engine| {
                let t0 = now();
                let mut answer = engine.kpis(&query);
                answer.compute_ms = (now() - t0) as u64;
                Response::Kpis { id, answer: Box::new(answer) }
            }),
            Request::Aged { id, query } => answer(id, |engine| {
                let t0 = now();
                let mut answer = engine.aged(&query);
                answer.compute_ms = (now() - t0) as u64;
                Response::Aged { id, answer: Box::new(answer) }
            }),
            Request::FileFigures { id } => {
                answer(id, |engine| Response::FileFigures { id, figures: engine.file_figures() })
            }
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
