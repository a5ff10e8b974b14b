//! The analysis worker (Trunk `data-type="worker"`): it reads the file the
//! page hands it, keeps the ledger, and answers the page's queries with
//! `domain::engine`. Messages are `[json, payload?]` arrays: the payload is
//! the `File` (or its bytes) of a `Load` request. Answers are postcard
//! bytes (`encode_answer`) in a `Uint8Array` whose buffer is handed over;
//! a binary file (`Response::File`) is sent as `[answer, Uint8Array]`.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::unreachable, clippy::todo)]

// Beside this file, not in src/bin/ (where it would be taken for a program).
#[cfg(target_arch = "wasm32")]
#[path = "worker/parts.rs"]
mod parts;

#[cfg(target_arch = "wasm32")]
mod worker {
    use super::parts;
    use encours::domain::export::dunning::{actions_csv, actions_ics, Words};
    use encours::domain::export::ExportError;
    use encours::domain::import::csv::{after_line_end, CsvPart, FinishedPart, HEAD_BYTES};
    use encours::domain::import::{route, ImportError, ImportOptions, Stream};
    use encours::engine::{
        bad_request, decode, encode_answer, Engine, ExportFile, ExportFormat, LoadTimings, LoadedInfo, Request,
        Response,
    };

    /// Bytes read at a time from a file: a few MB, so memory holds the
    /// ledger, not the file.
    const SLICE: f64 = 4.0 * 1024.0 * 1024.0;
    use js_sys::{Array, Uint8Array};
    use std::cell::{Cell, RefCell};
    use std::rc::Rc;
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
        /// The id of the latest payments file handed over: an earlier one
        /// still being read is dropped, so the later one decides.
        static LATEST_PAYMENTS: Cell<u64> = const { Cell::new(0) };
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

    /// An answer's bytes, in a `Uint8Array` of its own (its buffer can be handed over).
    fn answer_array(response: &Response) -> Uint8Array {
        Uint8Array::from(&encode_answer(response)[..])
    }

    fn reply(response: &Response) {
        let array = answer_array(response);
        let _ = scope().post_message_with_transfer(&array, &Array::of1(&array.buffer()));
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

    /// How far the reading of a file is, over every worker reading it.
    #[derive(Default)]
    struct Tally {
        /// Bytes this worker read itself, and the rows its stream holds.
        own_bytes: f64,
        own_rows: u64,
        /// Per part another worker reads: bytes and rows so far (zero once
        /// joined, or read here instead).
        parts: Vec<(u64, u64)>,
    }

    impl Tally {
        fn tell(&self, generation: u64, total: f64) {
            let (bytes, rows) =
                self.parts.iter().fold((self.own_bytes as u64, self.own_rows), |(b, r), p| (b + p.0, r + p.1));
            reply(&Response::Progress { generation, bytes: bytes.min(total as u64), total: total as u64, rows });
        }
    }

    /// Time spent waiting for slices of the file, and reading them.
    #[derive(Default)]
    struct Clock {
        read_ms: f64,
        parse_ms: f64,
    }

    /// A part of the file is smaller than this: a smaller file is read by
    /// one worker.
    const MIN_PART: f64 = SLICE;

    /// The share of the file this worker reads against a helper's 1: it
    /// starts sooner (a helper plans again on the head, and sends its rows
    /// when done), so both end about together (measured on 2 cores).
    const OWN_SHARE: f64 = 1.25;

    /// Where the parts other workers read begin and end: the file cut into
    /// `parts` pieces (this worker's `OWN_SHARE` bigger), each starting
    /// after the first line end past its cut (checked at the join: a cut
    /// inside quotes is read here).
    async fn cuts(blob: &web_sys::Blob, total: f64, parts: u32, line_end: u8) -> Vec<(f64, f64)> {
        let mut starts: Vec<f64> = Vec::new();
        let shares = OWN_SHARE + f64::from(parts - 1);
        for k in 1..parts {
            let at = (total * (OWN_SHARE + f64::from(k - 1)) / shares).floor();
            let Some(bytes) = slice(blob, at, total.min(at + 65_536.0)).await else { continue };
            let Some(start) = after_line_end(&bytes, line_end).map(|s| at + s as f64) else { continue };
            if start < total && starts.last().is_none_or(|&last| start > last) {
                starts.push(start);
            }
        }
        let ends = starts.iter().skip(1).copied().chain([total]);
        starts.iter().copied().zip(ends).collect()
    }

    /// Reads `[from, to)` of `blob` into the stream in slices (the next one
    /// asked for while this one is parsed), telling the page how far it is.
    #[allow(clippy::too_many_arguments)]
    async fn read_range(
        generation: u64,
        stream: &mut Stream,
        blob: &web_sys::Blob,
        from: f64,
        to: f64,
        total: f64,
        tally: &RefCell<Tally>,
        clock: &mut Clock,
    ) -> Result<(), Read> {
        let ask = |start: f64| {
            let end = to.min(start + SLICE);
            blob.slice_with_f64_and_f64(start, end).ok().map(|p| (start, end, JsFuture::from(p.array_buffer())))
        };
        let mut pending = (from < to).then(|| ask(from)).flatten();
        while let Some((start, end, future)) = pending.take() {
            let t = now();
            let Ok(buffer) = future.await else { return Err(Read::Failed(ImportError::Empty)) };
            clock.read_ms += now() - t;
            if let Some(stop) = stopped(generation) {
                return Err(stop);
            }
            // Ask for the next slice before parsing this one.
            pending = if end < to { ask(end) } else { None };
            let t = now();
            stream.push(&Uint8Array::new(&buffer).to_vec()).map_err(Read::Failed)?;
            clock.parse_ms += now() - t;
            let mut tally = tally.borrow_mut();
            tally.own_bytes += end - start;
            tally.own_rows = stream.rows_read();
            tally.tell(generation, total);
        }
        Ok(())
    }

    /// Reads a file: a delimited one or a FEC in slices as they arrive; a
    /// big delimited file in parts at once, the first here and each other
    /// one by a helper worker (`readers` in all), joined in file order; a
    /// workbook whole.
    async fn read(generation: u64, name: String, payload: JsValue, options: ImportOptions, readers: u32) -> Read {
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
        let mut clock = Clock { read_ms: now() - t0, parse_ms: 0.0 };
        let t = now();
        if let Err(e) = stream.push(&first) {
            return Read::Failed(e);
        }
        drop(first);
        clock.parse_ms += now() - t;
        let tally =
            Rc::new(RefCell::new(Tally { own_bytes: first_end, own_rows: stream.rows_read(), parts: Vec::new() }));
        tally.borrow().tell(generation, total);

        // The parts other workers read, once the head has made every decision.
        let line_end = match &stream {
            Stream::Csv(csv) if readers > 1 => csv.split_line_end(),
            _ => None,
        };
        let wanted = readers.min((total / MIN_PART) as u32);
        let ranges = match line_end {
            Some(line_end) if wanted > 1 => cuts(blob, total, wanted, line_end).await,
            _ => Vec::new(),
        };
        tally.borrow_mut().parts = vec![(0, 0); ranges.len()];
        let requests: Vec<Request> = ranges
            .iter()
            .enumerate()
            .map(|(k, &(start, end))| Request::ReadPart {
                part: k as u32 + 1,
                start: start as u64,
                end: end as u64,
                options: options.clone(),
            })
            .collect();
        let told = tally.clone();
        let progress: Rc<dyn Fn(usize, u64, u64)> = Rc::new(move |k, bytes, rows| {
            let mut tally = told.borrow_mut();
            if let Some(p) = tally.parts.get_mut(k) {
                *p = (bytes, rows);
            }
            tally.tell(generation, total);
        });
        let answers = parts::ask(generation, &requests, &payload, progress);
        let own_end = ranges.first().map_or(total, |p| p.0);
        let mut timings = LoadTimings::default();
        let result = async {
            read_range(generation, &mut stream, blob, first_end, own_end, total, &tally, &mut clock).await?;
            timings.own_part_ms = (now() - t0) as u64;
            let mut joined = 0;
            for (k, (&(start, end), answer)) in ranges.iter().zip(answers).enumerate() {
                let waited = now();
                let answer = match answer {
                    Some(future) => future.await.ok(),
                    None => None,
                };
                let t = now();
                timings.wait_ms += (t - waited) as u64;
                timings.parts_ms.push((t - t0) as u64);
                if let Some(stop) = stopped(generation) {
                    return Err(stop);
                }
                let ok = match (&mut stream, answer.and_then(|a| a.dyn_into::<Array>().ok())) {
                    (Stream::Csv(csv), Some(arrays)) => {
                        let head = Uint8Array::new(&arrays.get(0)).to_vec();
                        // One chunk at a time in this worker's memory.
                        let chunks = (1..arrays.length()).map(|i| {
                            let bytes = Uint8Array::new(&arrays.get(i)).to_vec();
                            arrays.set(i, JsValue::NULL);
                            bytes
                        });
                        csv.join(&head, chunks)
                    }
                    _ => false,
                };
                clock.parse_ms += now() - t;
                timings.join_ms += (now() - t) as u64;
                {
                    let mut tally = tally.borrow_mut();
                    tally.parts[k] = (0, 0);
                    tally.own_rows = stream.rows_read();
                    if ok {
                        tally.own_bytes += end - start;
                    }
                }
                if ok {
                    joined += 1;
                } else {
                    read_range(generation, &mut stream, blob, start, end, total, &tally, &mut clock).await?;
                }
            }
            Ok(joined)
        }
        .await;
        if !ranges.is_empty() {
            parts::release(generation);
        }
        let joined = match result {
            Ok(joined) => joined,
            Err(stop) => return stop,
        };
        let t = now();
        let finished = stream.finish();
        let t_engine = now();
        match finished {
            Ok((ledger, report)) => {
                let (engine, mut info) = Engine::of(name, total as u64, ledger, report);
                info.read_ms = clock.read_ms as u64;
                info.parse_ms = (clock.parse_ms + now() - t) as u64;
                info.readers = 1 + joined;
                timings.finish_ms = (t_engine - t) as u64;
                timings.engine_ms = (now() - t_engine) as u64;
                if ranges.is_empty() {
                    timings.own_part_ms = (t - t0) as u64;
                }
                info.timings = timings;
                Read::Done(Box::new(engine), Box::new(info))
            }
            Err(e) => Read::Failed(e),
        }
    }

    /// A helper worker's part: read from `start` to `end` of the file, with
    /// the decisions its first `HEAD_BYTES` make; `None` when it cannot be
    /// (the worker that asked reads it itself).
    async fn read_part(
        part: u32,
        payload: JsValue,
        start: u64,
        end: u64,
        options: ImportOptions,
    ) -> Option<FinishedPart> {
        let blob = payload.dyn_ref::<web_sys::Blob>()?;
        let total = blob.size();
        let head = slice(blob, 0.0, total.min(HEAD_BYTES as f64)).await?;
        let mut reader = CsvPart::new(&head, &options).ok()?;
        drop(head);
        let (start, end) = (start as f64, (end as f64).min(total));
        let ask = |from: f64| {
            let to = end.min(from + SLICE);
            blob.slice_with_f64_and_f64(from, to).ok().map(|p| (to, JsFuture::from(p.array_buffer())))
        };
        let mut pending = (start < end).then(|| ask(start)).flatten();
        while let Some((to, future)) = pending.take() {
            let buffer = future.await.ok()?;
            pending = if to < end { ask(to) } else { None };
            // Too big to hold: the part fails (the worker that asked reads it, and says so).
            reader.push(&Uint8Array::new(&buffer).to_vec()).ok()?;
            reply(&Response::PartProgress { part, bytes: (to - start) as u64, rows: reader.rows_read() });
        }
        Some(reader.finish(end >= total))
    }

    /// Sends a part read to the worker that asked: its summary, then its
    /// rows in chunks, as byte arrays handed over (not copied).
    fn send_part(part: u32, done: &FinishedPart) {
        let (arrays, transfer) = (Array::new(), Array::new());
        let add = |bytes: Vec<u8>| {
            let array = Uint8Array::from(&bytes[..]);
            transfer.push(&array.buffer());
            arrays.push(&array);
        };
        add(done.head());
        for chunk in done.chunks() {
            add(chunk);
        }
        let answer = answer_array(&Response::PartRead { part });
        transfer.push(&answer.buffer());
        let message = Array::of2(&answer, &arrays);
        if scope().post_message_with_transfer(&message, &transfer).is_err() {
            reply(&Response::PartFailed { part });
        }
    }

    /// Sends a file made by the engine: `[answer, bytes]`, the answer a
    /// `Response::File` with its `bytes` left empty, the bytes a
    /// `Uint8Array` whose buffer is handed over (not copied, not in the
    /// answer); the page puts them back into `bytes`.
    fn send_file(id: u64, file: ExportFile) {
        let array = Uint8Array::from(&file.bytes[..]);
        let response = Response::File { id, name: file.name, mime: file.mime, bytes: Vec::new() };
        let answer = answer_array(&response);
        let message = Array::of2(&answer, &array);
        let transfer = Array::of2(&answer.buffer(), &array.buffer());
        if scope().post_message_with_transfer(&message, &transfer).is_err() {
            let error = ExportError::Xlsx("the file could not be handed to the page".into());
            reply(&Response::FileFailed { id, error });
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
        let message_parts: Array = message.unchecked_into();
        let text = message_parts.get(0).as_string().unwrap_or_default();
        let Some(request) = decode::<Request>(&text) else {
            reply(&bad_request(&text));
            return;
        };
        match request {
            Request::Load { generation, name, options, readers } => {
                LATEST.with(|l| l.set(generation));
                // Helpers still reading an earlier file stop.
                parts::stop_all_but(Some(generation));
                let payload = message_parts.get(1);
                spawn_local(async move {
                    match read(generation, name, payload, options, readers.clamp(1, 8)).await {
                        Read::Done(engine, mut info) => {
                            ENGINE.with(|e| *e.borrow_mut() = Some((generation, *engine)));
                            info.memory_bytes = memory_bytes();
                            info.timings.sent_at = now() as u64;
                            reply(&Response::Loaded { generation, info });
                            // The figures the page asks for first, computed
                            // while it reads this answer: ready when it asks.
                            ENGINE.with(|e| {
                                if let Some((_, engine)) = e.borrow_mut().as_mut() {
                                    if let Some(q) = engine.first_kpi_query() {
                                        let t0 = now();
                                        engine.kpis(&q);
                                        engine.note_compute_ms(&q, (now() - t0) as u64);
                                    }
                                }
                            });
                        }
                        Read::Failed(error) => reply(&Response::LoadFailed { generation, error }),
                        Read::Superseded => reply(&Response::Superseded { generation }),
                        Read::Cancelled => reply(&Response::Cancelled { generation }),
                    }
                });
            }
            Request::Cancel { generation } => {
                CANCELLED.with(|c| c.set(generation));
                parts::stop_all_but(None);
            }
            Request::ReadPart { part, start, end, options } => {
                let payload = message_parts.get(1);
                spawn_local(async move {
                    match read_part(part, payload, start, end, options).await {
                        Some(done) => send_part(part, &done),
                        None => reply(&Response::PartFailed { part }),
                    }
                });
            }
            Request::AddPayments { generation, id, name, options } => {
                LATEST_PAYMENTS.with(|l| l.set(id));
                let payload = message_parts.get(1);
                spawn_local(async move {
                    let Some(bytes) = bytes_of(payload).await else {
                        reply(&Response::PaymentsFailed { id, generation, error: ImportError::Empty });
                        return;
                    };
                    if LATEST_PAYMENTS.with(Cell::get) != id {
                        reply(&Response::PaymentsDropped { id, generation });
                        return;
                    }
                    let result = ENGINE.with(|e| match e.borrow_mut().as_mut() {
                        Some((g, engine)) if *g == generation => Some(engine.add_payments(name, &bytes, &options)),
                        _ => None,
                    });
                    match result {
                        Some(Ok(mut info)) => {
                            info.memory_bytes = memory_bytes();
                            reply(&Response::PaymentsAdded { id, generation, info: Box::new(info) })
                        }
                        Some(Err(error)) => reply(&Response::PaymentsFailed { id, generation, error }),
                        None => reply(&Response::PaymentsDropped { id, generation }),
                    }
                });
            }
            Request::Kpis { id, query } => answer(id, |engine| {
                let t0 = now();
                let mut answer = engine.kpis(&query);
                // A kept answer carries the time it took when computed.
                answer.compute_ms = answer.compute_ms.max((now() - t0) as u64);
                Response::Kpis { id, answer: Box::new(answer) }
            }),
            Request::Aged { id, query } => answer(id, |engine| {
                let t0 = now();
                let mut answer = engine.aged(&query);
                answer.compute_ms = (now() - t0) as u64;
                Response::Aged { id, answer: Box::new(answer) }
            }),
            Request::Dunning { id, query } => answer(id, |engine| {
                let t0 = now();
                let answer = engine.dunning(&query).map(|mut answer| {
                    answer.compute_ms = (now() - t0) as u64;
                    Box::new(answer)
                });
                Response::Dunning { id, answer }
            }),
            Request::DunningExport { id, query, format } => answer(id, |engine| {
                // A number refused: said as the simulation says it.
                let lines = match engine.dunning_lines(&query) {
                    Ok(lines) => lines,
                    Err(refused) => return Response::Dunning { id, answer: Err(refused) },
                };
                let lang = query.settings.lang;
                let t = encours::i18n::dunning_tr(lang.into());
                let words = Words {
                    headers: t.export_headers,
                    channel: &|c| (t.channel)(c).to_string(),
                    performer: &|p| (t.performer)(p).to_string(),
                };
                let stamp = query.as_of.format("%Y-%m-%d");
                let (name, mime, text) = match format {
                    ExportFormat::Csv => (
                        format!("{}-{stamp}.csv", t.export_name),
                        "text/csv;charset=utf-8",
                        String::from_utf8_lossy(&actions_csv(&lines, lang, &words)).into_owned(),
                    ),
                    ExportFormat::Ics => (
                        format!("{}-{stamp}.ics", t.export_name),
                        "text/calendar;charset=utf-8",
                        actions_ics(&lines, query.as_of, &words),
                    ),
                };
                Response::Export { id, name, mime: mime.to_string(), text }
            }),
            Request::FileFigures { id, typed_sales } => {
                answer(id, |engine| Response::FileFigures { id, figures: engine.file_figures(typed_sales) })
            }
            Request::Charts { id, query } => answer(id, |engine| {
                let t0 = now();
                let mut answer = engine.charts(&query);
                answer.compute_ms = (now() - t0) as u64;
                Response::Charts { id, answer: Box::new(answer) }
            }),
            Request::Export { id, query } => {
                let made = ENGINE.with(|e| e.borrow_mut().as_mut().map(|(_, engine)| engine.export(&query)));
                match made {
                    Some(Ok(file)) => send_file(id, file),
                    Some(Err(error)) => reply(&Response::FileFailed { id, error }),
                    None => reply(&Response::NoFile { id }),
                }
            }
            Request::Forecast { id, query } => answer(id, |engine| {
                let t0 = now();
                let mut answer = engine.forecast(&query);
                answer.compute_ms = (now() - t0) as u64;
                Response::Forecast { id, answer: Box::new(answer) }
            }),
            Request::Customers { id, query } => answer(id, |engine| {
                let t0 = now();
                let mut answer = engine.customers(&query);
                answer.compute_ms = (now() - t0) as u64;
                Response::Customers { id, answer: Box::new(answer) }
            }),
            Request::Snapshot { id, query } => {
                answer(id, |engine| Response::Snapshot { id, answer: Box::new(engine.snapshot(&query)) })
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
        // The analysis worker starts its helpers ahead of the first big file.
        if scope().name() != parts::HELPER {
            parts::warm_up();
        }
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
