//! The page's side of the analysis worker (`src/bin/worker.rs`): starts it
//! once, sends requests, and calls back with the answers. The ledger stays
//! in the worker; only queries and answers cross, as JSON text.

use crate::domain::engine::{decode, encode, Request, Response};
use crate::domain::import::ImportOptions;
use js_sys::Array;
use std::cell::RefCell;
use std::collections::HashMap;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};

/// Where Trunk puts the worker's loader, beside the page.
const WORKER_URL: &str = "./worker_loader.js";

type Callback = Box<dyn FnOnce(Response)>;

struct Client {
    worker: Worker,
    /// False until the worker says it listens; messages wait in `queue`.
    ready: bool,
    queue: Vec<Array>,
    on_loaded: Option<Callback>,
    waiting: HashMap<u64, Callback>,
    next_id: u64,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
}

thread_local! {
    static CLIENT: RefCell<Option<Client>> = const { RefCell::new(None) };
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
            Response::Loaded(_) | Response::LoadFailed(_) | Response::PaymentsFailed(_) => c.on_loaded.take(),
            Response::Dashboard { id, .. } | Response::FileFigures { id, .. } | Response::NoFile { id } => {
                c.waiting.remove(id)
            }
        }
    })
}

fn on_message(ev: MessageEvent) {
    let Some(response) = ev.data().as_string().and_then(|t| decode::<Response>(&t)) else { return };
    if let Some(callback) = waiting_for(&response) {
        callback(response);
    }
}

/// Runs `f` with the client, starting the worker the first time.
fn with_client<R>(f: impl FnOnce(&mut Client) -> R) -> Result<R, JsValue> {
    CLIENT.with(|c| {
        let mut slot = c.borrow_mut();
        if slot.is_none() {
            let worker = Worker::new(WORKER_URL)?;
            let handler = Closure::<dyn FnMut(MessageEvent)>::new(on_message);
            worker.set_onmessage(Some(handler.as_ref().unchecked_ref()));
            *slot = Some(Client {
                worker,
                ready: false,
                queue: Vec::new(),
                on_loaded: None,
                waiting: HashMap::new(),
                next_id: 1,
                _on_message: handler,
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
/// with the import options; `done` gets `Loaded` or `LoadFailed`. A load
/// replaces the previous file.
pub fn load(
    name: String,
    options: ImportOptions,
    payload: &JsValue,
    done: impl FnOnce(Response) + 'static,
) -> Result<(), JsValue> {
    send_file(Request::Load { name, options }, payload, done)
}

/// Hands a payments file to the worker, to be matched to the loaded
/// invoices; `done` gets `Loaded` (the file with its payments) or
/// `PaymentsFailed`.
pub fn add_payments(
    name: String,
    options: ImportOptions,
    payload: &JsValue,
    done: impl FnOnce(Response) + 'static,
) -> Result<(), JsValue> {
    send_file(Request::AddPayments { name, options }, payload, done)
}

fn send_file(request: Request, payload: &JsValue, done: impl FnOnce(Response) + 'static) -> Result<(), JsValue> {
    with_client(|c| {
        c.on_loaded = Some(Box::new(done));
        c.waiting.clear();
        let message = Array::of2(&JsValue::from_str(&encode(&request)), payload);
        c.send(message)
    })?
}

/// Sends the request `make(id)` builds; `done` gets its answer. Returns the id.
pub fn ask(make: impl FnOnce(u64) -> Request, done: impl FnOnce(Response) + 'static) -> Result<u64, JsValue> {
    with_client(|c| {
        let id = c.next_id;
        c.next_id += 1;
        c.waiting.insert(id, Box::new(done));
        let message = Array::of1(&JsValue::from_str(&encode(&make(id))));
        c.send(message).map(|_| id)
    })?
}
