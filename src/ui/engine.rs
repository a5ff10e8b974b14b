//! The page's side of the analysis worker (`src/bin/worker.rs`): starts it,
//! sends requests, and calls back with the answers. The ledger stays in
//! the worker; only queries (JSON text) and answers (postcard bytes) cross.
//!
//! Every request is answered, each with its own answer: a query and a
//! payments file by its id, an invoices file by its generation (each load
//! keeps its own callback, so a second file or a payments file handed over
//! meanwhile never takes another's answer). When the worker fails (a
//! crash: its `error` event; or an answer the page cannot decode), every
//! callback still waiting gets `Response::WorkerFailed`, and the next
//! request starts a new worker.
//!
//! `ask_latest` is how a page or panel asks: only the answer to its latest
//! question is shown, and the heavier ones wait for the inputs to settle.

use crate::domain::import::ImportOptions;
use crate::engine::{decode_answer, encode, Request, Response};
use js_sys::Array;
use leptos::prelude::{
    set_timeout_with_handle, GetValue, RwSignal, Set, SetValue, StoredValue, TimeoutHandle, UpdateValue,
};
use std::cell::RefCell;
use std::collections::HashMap;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, MessageEvent, Worker};

/// Where Trunk puts the worker's loader, beside the page.
const WORKER_URL: &str = "./worker_loader.js";

type Callback = Box<dyn FnOnce(Response)>;

/// Told how far the reading of a file is: (bytes read, file size, rows).
type Progress = std::rc::Rc<dyn Fn(u64, u64, u64)>;

struct Client {
    worker: Worker,
    /// False until the worker says it listens; messages wait in `queue`.
    ready: bool,
    queue: Vec<Array>,
    /// The callbacks of the invoices files handed over, by generation (an
    /// earlier one is answered `Superseded`).
    loads: HashMap<u64, Callback>,
    /// Told how far the reading of that file is: (bytes, total, rows).
    on_progress: Option<(u64, Progress)>,
    /// The callbacks of the queries and payments files, by id.
    waiting: HashMap<u64, Callback>,
    next_id: u64,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

thread_local! {
    static CLIENT: RefCell<Option<Client>> = const { RefCell::new(None) };
    /// Files handed over so far, across workers: each load's generation.
    static GENERATION: RefCell<u64> = const { RefCell::new(0) };
    /// What the page does when the worker fails (reads its file again).
    static ON_FAILURE: RefCell<Option<Box<dyn Fn()>>> = const { RefCell::new(None) };
}

/// Sets what to do when the worker fails, after the waiting callbacks
/// were told: the page reads its file again into the new worker.
pub fn on_failure(f: impl Fn() + 'static) {
    ON_FAILURE.with(|h| *h.borrow_mut() = Some(Box::new(f)));
}

/// The callback waiting for this answer, taken out so that it may send
/// another request while it runs.
fn waiting_for(response: &Response) -> Option<Callback> {
    CLIENT.with(|c| {
        let mut c = c.borrow_mut();
        let c = c.as_mut()?;
        match response {
            Response::Ready => {
                c.ready = true;
                for message in c.queue.drain(..) {
                    let _ = c.worker.post_message(&message);
                }
                None
            }
            Response::Loaded { generation, .. }
            | Response::LoadFailed { generation, .. }
            | Response::Superseded { generation }
            | Response::Cancelled { generation } => c.loads.remove(generation),
            // Not an answer: the progress callback is called, nothing taken.
            Response::Progress { .. } => None,
            Response::Kpis { id, .. }
            | Response::Aged { id, .. }
            | Response::FileFigures { id, .. }
            | Response::Dunning { id, .. }
            | Response::Export { id, .. }
            | Response::Charts { id, .. }
            | Response::File { id, .. }
            | Response::FileFailed { id, .. }
            | Response::Forecast { id, .. }
            | Response::Customers { id, .. }
            | Response::PaymentsAdded { id, .. }
            | Response::PaymentsFailed { id, .. }
            | Response::PaymentsDropped { id, .. }
            | Response::Snapshot { id, .. }
            | Response::NoFile { id } => c.waiting.remove(id),
            Response::BadRequest { id, generation } => match (id, generation) {
                (Some(id), _) => c.waiting.remove(id),
                (None, Some(g)) => c.loads.remove(g),
                (None, None) => None,
            },
            // Between the worker and its helpers only.
            Response::WorkerFailed
            | Response::PartProgress { .. }
            | Response::PartRead { .. }
            | Response::PartFailed { .. } => None,
        }
    })
}

/// An answer: its bytes, or `[answer, Uint8Array]` for a binary file (its
/// bytes travel beside the answer, handed over by the worker).
fn response_of(data: JsValue) -> Option<Response> {
    if let Some(answer) = data.dyn_ref::<js_sys::Uint8Array>() {
        return decode_answer(&answer.to_vec());
    }
    let parts = data.dyn_into::<Array>().ok()?;
    let answer = parts.get(0).dyn_into::<js_sys::Uint8Array>().ok()?;
    let mut response = decode_answer(&answer.to_vec())?;
    if let Response::File { bytes, .. } = &mut response {
        if let Some(array) = parts.get(1).dyn_ref::<js_sys::Uint8Array>() {
            *bytes = array.to_vec();
        }
    }
    Some(response)
}

fn on_message(ev: MessageEvent) {
    let Some(response) = response_of(ev.data()) else {
        // Page and worker no longer understand each other: no request may
        // wait for an answer it cannot read. Treated as a failed worker.
        web_sys::console::error_1(&JsValue::from_str(
            "encours: an answer of the analysis worker could not be read; the worker is restarted",
        ));
        worker_failed();
        return;
    };
    if let Response::Progress { generation, bytes, total, rows } = response {
        let progress = CLIENT.with(|c| {
            c.borrow()
                .as_ref()
                .and_then(|c| c.on_progress.as_ref().filter(|(g, _)| *g == generation).map(|(_, f)| f.clone()))
        });
        if let Some(f) = progress {
            f(bytes, total, rows);
        }
        return;
    }
    if let Some(callback) = waiting_for(&response) {
        callback(response);
    }
}

/// The worker failed: it is dropped (the next request starts another) and
/// every callback still waiting is told.
fn on_error(ev: ErrorEvent) {
    ev.prevent_default();
    worker_failed();
}

/// Drops the worker, tells every waiting callback `WorkerFailed`, then runs
/// the failure hook.
fn worker_failed() {
    let client = CLIENT.with(|c| c.borrow_mut().take());
    let Some(client) = client else { return };
    client.worker.terminate();
    let callbacks = client.loads.into_values().chain(client.waiting.into_values());
    drop(client.on_progress);
    for callback in callbacks {
        callback(Response::WorkerFailed);
    }
    // Taken out while it runs: it may set another.
    let hook = ON_FAILURE.with(|h| h.borrow_mut().take());
    if let Some(hook) = hook {
        hook();
        ON_FAILURE.with(|h| {
            let mut slot = h.borrow_mut();
            if slot.is_none() {
                *slot = Some(hook);
            }
        });
    }
}

/// Runs `f` with the client, starting the worker the first time (and after
/// a failure).
fn with_client<R>(f: impl FnOnce(&mut Client) -> R) -> Result<R, JsValue> {
    CLIENT.with(|c| {
        let mut slot = c.borrow_mut();
        if slot.is_none() {
            let worker = Worker::new(WORKER_URL)?;
            let handler = Closure::<dyn FnMut(MessageEvent)>::new(on_message);
            worker.set_onmessage(Some(handler.as_ref().unchecked_ref()));
            let error_handler = Closure::<dyn FnMut(ErrorEvent)>::new(on_error);
            worker.set_onerror(Some(error_handler.as_ref().unchecked_ref()));
            *slot = Some(Client {
                worker,
                ready: false,
                queue: Vec::new(),
                loads: HashMap::new(),
                on_progress: None,
                waiting: HashMap::new(),
                next_id: 1,
                _on_message: handler,
                _on_error: error_handler,
            });
        }
        slot.as_mut().map(f).ok_or_else(|| JsValue::from_str("the analysis worker could not start"))
    })
}

impl Client {
    /// Posts now, or queues until the worker is ready.
    fn send(&mut self, message: Array) -> Result<(), JsValue> {
        if self.ready {
            self.worker.post_message(&message)
        } else {
            self.queue.push(message);
            Ok(())
        }
    }
}

/// Starts the worker ahead of the first file, so its wasm loads while the
/// user picks one.
pub fn warm_up() {
    let _ = with_client(|_| ());
}

/// Hands a file (a `File`, or its bytes as a `Uint8Array`) to the worker
/// with the import options; `done` gets `Loaded` or `LoadFailed` (or
/// `WorkerFailed`). A load replaces the previous file. Returns the load's
/// generation: payments files are added to it.
pub fn load(
    name: String,
    options: ImportOptions,
    payload: &JsValue,
    progress: impl Fn(u64, u64, u64) + 'static,
    done: impl FnOnce(Response) + 'static,
) -> Result<u64, JsValue> {
    let generation = GENERATION.with(|g| {
        *g.borrow_mut() += 1;
        *g.borrow()
    });
    with_client(|c| c.on_progress = Some((generation, std::rc::Rc::new(progress))))?;
    let readers = readers();
    with_client(|c| {
        c.loads.insert(generation, Box::new(done));
        let request = Request::Load { generation, name, options, readers };
        c.send(Array::of2(&JsValue::from_str(&encode(&request)), payload))
    })??;
    Ok(generation)
}

/// How many workers may read a file at once: the machine's cores (at most
/// 4: each holds its part of the ledger until it is joined), or the URL's
/// `workers` (1 to 8).
fn readers() -> u32 {
    let asked = crate::ui::state::query_pairs()
        .into_iter()
        .find(|(k, _)| k == "workers")
        .and_then(|(_, v)| v.parse::<u32>().ok())
        .map(|n| n.clamp(1, 8));
    asked.unwrap_or_else(|| {
        let cores = web_sys::window().map_or(1.0, |w| w.navigator().hardware_concurrency());
        (cores as u32).clamp(1, 4)
    })
}

/// Stops the reading of file `generation`; its callback gets `Cancelled`
/// and the file analysed before stays.
pub fn cancel(generation: u64) {
    let _ = with_client(|c| {
        let message = Array::of1(&JsValue::from_str(&encode(&Request::Cancel { generation })));
        c.send(message)
    });
}

/// Hands a payments file to the worker, to be matched to the invoices of
/// load `generation`; `done` gets `PaymentsAdded` (the file with its
/// payments), `PaymentsFailed`, `PaymentsDropped` (a later payments file,
/// or another invoices file, came since) or `WorkerFailed`. Returns the
/// request's id, which its answer carries.
pub fn add_payments(
    generation: u64,
    name: String,
    options: ImportOptions,
    payload: &JsValue,
    done: impl FnOnce(Response) + 'static,
) -> Result<u64, JsValue> {
    with_client(|c| {
        let id = c.next_id;
        c.next_id += 1;
        c.waiting.insert(id, Box::new(done));
        let request = Request::AddPayments { generation, id, name, options };
        c.send(Array::of2(&JsValue::from_str(&encode(&request)), payload)).map(|_| id)
    })?
}

/// Sends the request `make(id)` builds; `done` gets its answer (or
/// `NoFile`, `BadRequest`, `WorkerFailed`). Returns the id.
pub fn ask(make: impl FnOnce(u64) -> Request, done: impl FnOnce(Response) + 'static) -> Result<u64, JsValue> {
    with_client(|c| {
        let id = c.next_id;
        c.next_id += 1;
        c.waiting.insert(id, Box::new(done));
        let message = Array::of1(&JsValue::from_str(&encode(&make(id))));
        c.send(message).map(|_| id)
    })?
}

/// Sends the request `make(id)` builds (from a page or a panel), remembering its id in `last`;
/// `take` gets the answer only if no later request was sent from the same
/// place. A worker without the file (or that could not read the request)
/// sets `lost`.
pub fn ask_latest(
    last: StoredValue<u64>,
    lost: RwSignal<bool>,
    make: impl FnOnce(u64) -> Request,
    take: impl FnOnce(Response) + 'static,
) {
    let sent = ask(make, move |response| {
        // The page was left before the answer came: nothing to show it on.
        let Some(latest) = last.try_get_value() else { return };
        match response {
            Response::NoFile { .. } | Response::BadRequest { .. } => {
                let _ = lost.try_set(true);
            }
            Response::Kpis { id, .. }
            | Response::Aged { id, .. }
            | Response::Dunning { id, .. }
            | Response::Charts { id, .. }
            | Response::Forecast { id, .. }
            | Response::Customers { id, .. }
            | Response::Snapshot { id, .. }
                if id != latest => {}
            response => take(response),
        }
    });
    if let Ok(id) = sent {
        last.set_value(id);
    }
}

/// How long the heavier questions (charts, customers, forecast) wait for
/// the inputs to settle: the figures are asked at once and come first;
/// a user going through filters does not queue a second of chart work in
/// the worker per step.
const SETTLE: std::time::Duration = std::time::Duration::from_millis(250);

/// `ask_latest`, sent once the inputs have not changed for `SETTLE` (a
/// newer call replaces a waiting one).
pub fn ask_latest_settled(
    waiting: StoredValue<Option<TimeoutHandle>>,
    last: StoredValue<u64>,
    lost: RwSignal<bool>,
    make: impl FnOnce(u64) -> Request + 'static,
    take: impl FnOnce(Response) + 'static,
) {
    if let Some(h) = waiting.try_update_value(Option::take).flatten() {
        h.clear();
    }
    let handle = set_timeout_with_handle(move || ask_latest(last, lost, make, take), SETTLE);
    if let Ok(h) = handle {
        waiting.set_value(Some(h));
    }
}
