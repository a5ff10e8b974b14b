//! The helper workers that read parts of a big delimited file at the same
//! time as the analysis worker, one per core. They run this same script,
//! started under the name `HELPER`; the analysis worker starts them ahead
//! of a file, hands each one part, joins what they send in file order, and
//! then ends them (their memory goes with them) and starts fresh ones. A
//! helper that fails or dies resolves its part with nothing: the analysis
//! worker reads that part itself, so the result is always the same.

use encours::engine::{decode_answer, encode, Request, Response};
use js_sys::{Array, Function, Promise};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ErrorEvent, MessageEvent, Worker, WorkerOptions};

/// The name a helper worker is started with.
pub const HELPER: &str = "encours-part";

/// The worker's own script, beside the analysis worker's.
const URL: &str = "./worker_loader.js";

/// At most this many helpers (each holds its part until it is joined).
const MAX_HELPERS: usize = 7;

/// Told how far a part is: (bytes, rows).
type Progress = Box<dyn Fn(u64, u64)>;

#[derive(Default)]
struct Inner {
    /// False until the helper says it listens; messages wait in `queue`.
    ready: Cell<bool>,
    /// It raised an error: never asked again.
    failed: Cell<bool>,
    /// When it was last heard from (ms), for the watchdog.
    heard: Cell<f64>,
    queue: RefCell<Vec<Array>>,
    /// Resolves the promise of the part asked for: with the byte arrays
    /// it sent, or null when it failed.
    resolve: RefCell<Option<Function>>,
    progress: RefCell<Option<Progress>>,
}

impl Inner {
    fn settle(&self, value: &JsValue) {
        let resolve = self.resolve.borrow_mut().take();
        if let Some(f) = resolve {
            let _ = f.call1(&JsValue::NULL, value);
        }
    }
}

struct Helper {
    worker: Worker,
    inner: Rc<Inner>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

impl Helper {
    fn spawn() -> Option<Helper> {
        let options = WorkerOptions::new();
        options.set_name(HELPER);
        let worker = Worker::new_with_options(URL, &options).ok()?;
        let inner = Rc::new(Inner::default());
        let (i, w) = (inner.clone(), worker.clone());
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            i.heard.set(js_sys::Date::now());
            let data = ev.data();
            let (answer, payload) = match data.dyn_ref::<Array>() {
                Some(a) => (a.get(0), a.get(1)),
                None => (data, JsValue::NULL),
            };
            let bytes = answer.dyn_ref::<js_sys::Uint8Array>().map(js_sys::Uint8Array::to_vec);
            match bytes.as_deref().and_then(decode_answer) {
                Some(Response::Ready) => {
                    i.ready.set(true);
                    for message in i.queue.borrow_mut().drain(..) {
                        if w.post_message(&message).is_err() {
                            i.settle(&JsValue::NULL);
                        }
                    }
                }
                Some(Response::PartProgress { bytes, rows, .. }) => {
                    if let Some(f) = i.progress.borrow().as_ref() {
                        f(bytes, rows);
                    }
                }
                Some(Response::PartRead { .. }) => i.settle(&payload),
                _ => i.settle(&JsValue::NULL),
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        let i = inner.clone();
        let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |ev: ErrorEvent| {
            ev.prevent_default();
            i.failed.set(true);
            i.settle(&JsValue::NULL);
        });
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Some(Helper { worker, inner, _on_message: on_message, _on_error: on_error })
    }
}

impl Drop for Helper {
    /// Ends the worker; a part still asked of it resolves with nothing.
    fn drop(&mut self) {
        self.worker.terminate();
        self.inner.settle(&JsValue::NULL);
    }
}

thread_local! {
    /// Helpers started and waiting for a part.
    static IDLE: RefCell<Vec<Helper>> = const { RefCell::new(Vec::new()) };
    /// Helpers reading a part, with the generation of the file.
    static BUSY: RefCell<Vec<(u64, Helper)>> = const { RefCell::new(Vec::new()) };
}

/// Helpers this machine uses: one per core beside the analysis worker's, at most 3.
fn wanted() -> usize {
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    (scope.navigator().hardware_concurrency() as usize).clamp(1, 4) - 1
}

/// Starts helpers until `wanted` are waiting, so that the next big file
/// finds them ready.
pub fn warm_up() {
    let n = wanted();
    IDLE.with(|idle| {
        let mut idle = idle.borrow_mut();
        while idle.len() < n {
            match Helper::spawn() {
                Some(h) => idle.push(h),
                None => break,
            }
        }
    });
}

/// Asks `n` helpers (started now if too few wait) to read the parts
/// `requests` describe, of `file`, for load `generation`; each future
/// resolves with the part's byte arrays, or null. `progress(k, bytes,
/// rows)` tells how far part `k` is.
pub fn ask(
    generation: u64,
    requests: &[Request],
    file: &JsValue,
    progress: Rc<dyn Fn(usize, u64, u64)>,
) -> Vec<Option<JsFuture>> {
    let mut futures = Vec::new();
    for (k, request) in requests.iter().enumerate().take(MAX_HELPERS) {
        // A helper that failed while it waited is ended, not asked.
        let waiting = IDLE.with(|idle| {
            let mut idle = idle.borrow_mut();
            idle.retain(|h| !h.inner.failed.get());
            idle.pop()
        });
        let helper = waiting.or_else(Helper::spawn);
        let Some(helper) = helper else {
            futures.push(None);
            continue;
        };
        let mut slot = None;
        let promise = Promise::new(&mut |resolve, _| slot = Some(resolve));
        *helper.inner.resolve.borrow_mut() = slot;
        let p = progress.clone();
        *helper.inner.progress.borrow_mut() = Some(Box::new(move |bytes, rows| p(k, bytes, rows)));
        let message = Array::of2(&JsValue::from_str(&encode(request)), file);
        if helper.inner.ready.get() {
            if helper.worker.post_message(&message).is_err() {
                helper.inner.settle(&JsValue::NULL);
            }
        } else {
            helper.inner.queue.borrow_mut().push(message);
        }
        helper.inner.heard.set(js_sys::Date::now());
        watch(Rc::downgrade(&helper.inner));
        BUSY.with(|b| b.borrow_mut().push((generation, helper)));
        futures.push(Some(JsFuture::from(promise)));
    }
    futures
}

/// A helper silent this long while it reads a part is taken for dead (it
/// sends word after every slice, a few MB apart).
const SILENCE_MS: f64 = 15_000.0;

/// Checks every few seconds that a busy helper still speaks; one gone
/// silent (ended by the browser without an error) resolves its part with
/// nothing, so that the analysis worker reads it itself: never a hang.
fn watch(inner: std::rc::Weak<Inner>) {
    worker_timeout(3_000, move || {
        let Some(inner) = inner.upgrade() else { return };
        if inner.resolve.borrow().is_none() {
            return;
        }
        if js_sys::Date::now() - inner.heard.get() > SILENCE_MS {
            inner.failed.set(true);
            inner.settle(&JsValue::NULL);
        } else {
            watch(Rc::downgrade(&inner));
        }
    });
}

/// Runs `f` after `ms` milliseconds (the worker's own timer).
fn worker_timeout(ms: i32, f: impl FnOnce() + 'static) {
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let callback = Closure::once_into_js(f);
    let _ = scope.set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), ms);
}

/// Ends the helpers of every load but `keep`: their parts resolve with
/// nothing (a later file was handed over, or the reading stopped).
pub fn stop_all_but(keep: Option<u64>) {
    let stopped: Vec<(u64, Helper)> = BUSY.with(|b| {
        let mut busy = b.borrow_mut();
        let (gone, kept) = busy.drain(..).partition(|(g, _)| Some(*g) != keep);
        *busy = kept;
        gone
    });
    drop(stopped);
}

/// The reading of `generation` is over: its helpers are ended (with the
/// memory their parts took) and fresh ones started.
pub fn release(generation: u64) {
    let done: Vec<(u64, Helper)> = BUSY.with(|b| {
        let mut busy = b.borrow_mut();
        let (done, kept) = busy.drain(..).partition(|(g, _)| *g == generation);
        *busy = kept;
        done
    });
    drop(done);
    warm_up();
}
