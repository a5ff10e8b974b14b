//! The histories of exports kept in this browser, in IndexedDB (not local
//! storage: a history of a few hundred customers over years outgrows its
//! quota). One database, `encours`, with two stores: `histories` (one
//! record per history: the text of its versioned document, the same text
//! as its exported file) and `aside` (records that could not be read,
//! damaged or written by a newer version: moved there untouched, never
//! dropped, and the user told, as local storage's backups are). Nothing is
//! stored unless the user keeps an analysis.

use crate::domain::analysis::history::document::{self, History, HistoryProblem};
use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    IdbDatabase, IdbFactory, IdbObjectStore, IdbOpenDbRequest, IdbRequest, IdbTransaction, IdbTransactionMode,
};

const DB_NAME: &str = "encours";
const HISTORIES: &str = "histories";
const ASIDE: &str = "aside";

/// A history as stored, with the size of its record in bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredHistory {
    pub history: History,
    pub bytes: usize,
}

/// A record kept aside: its key and size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AsideRecord {
    pub key: String,
    pub bytes: usize,
}

/// Everything the browser holds, and what was moved aside while reading.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stored {
    /// By name.
    pub histories: Vec<StoredHistory>,
    pub aside: Vec<AsideRecord>,
    /// The records this reading could not take: (their key aside, why).
    pub moved: Vec<(String, HistoryProblem)>,
}

/// Why the store could not be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreError {
    /// No IndexedDB in this browser (or it is refused: some private modes).
    Unavailable,
    /// The browser refused the reading or the writing (full, blocked).
    Refused,
}

/// Resolves with `request`'s result when it succeeds, rejects when it fails.
async fn done(request: &IdbRequest) -> Result<JsValue, JsValue> {
    let settled = Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    JsFuture::from(settled).await?;
    request.result()
}

/// Resolves once `tx` is committed (the data is on disk), rejects when it
/// is aborted.
fn committed(tx: &IdbTransaction) -> Promise {
    Promise::new(&mut |resolve, reject| {
        tx.set_oncomplete(Some(&resolve));
        tx.set_onerror(Some(&reject));
        tx.set_onabort(Some(&reject));
    })
}

/// Opens the database, making its stores the first time (and again if
/// the database was made without them, by another page or a tool).
async fn open() -> Result<IdbDatabase, StoreError> {
    let factory = web_sys::window().and_then(|w| w.indexed_db().ok().flatten()).ok_or(StoreError::Unavailable)?;
    let has_stores = |db: &IdbDatabase| {
        let names = db.object_store_names();
        names.contains(HISTORIES) && names.contains(ASIDE)
    };
    let db = open_version(&factory, None).await?;
    if has_stores(&db) {
        return Ok(db);
    }
    let next = db.version() as u32 + 1;
    db.close();
    let db = open_version(&factory, Some(next)).await?;
    if has_stores(&db) {
        Ok(db)
    } else {
        db.close();
        Err(StoreError::Unavailable)
    }
}

/// Opens the database at `version` (its current one, or the first, when
/// `None`), making the missing stores when the version is new.
async fn open_version(factory: &IdbFactory, version: Option<u32>) -> Result<IdbDatabase, StoreError> {
    let request: IdbOpenDbRequest = match version {
        Some(v) => factory.open_with_u32(DB_NAME, v),
        None => factory.open(DB_NAME),
    }
    .map_err(|_| StoreError::Unavailable)?;
    let r = request.clone();
    let upgrade = Closure::once_into_js(move || {
        if let Ok(db) = r.result().and_then(|d| d.dyn_into::<IdbDatabase>()) {
            let names = db.object_store_names();
            for store in [HISTORIES, ASIDE] {
                if !names.contains(store) {
                    let _ = db.create_object_store(store);
                }
            }
        }
    });
    request.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
    let db = done(&request).await.map_err(|_| StoreError::Unavailable)?;
    db.dyn_into::<IdbDatabase>().map_err(|_| StoreError::Unavailable)
}

/// Runs `f` on the stores `names` in one transaction of `mode`, waits for
/// its commit and closes the database (so that erasing it is never
/// blocked by this page).
async fn with_stores<T>(
    names: &[&str],
    mode: IdbTransactionMode,
    f: impl FnOnce(&[IdbObjectStore]) -> Result<(T, Vec<IdbRequest>), JsValue>,
) -> Result<(T, Vec<JsValue>), StoreError> {
    let db = open().await?;
    let result = async {
        let list = Array::new();
        for n in names {
            list.push(&JsValue::from_str(n));
        }
        let tx = db.transaction_with_str_sequence_and_mode(&list, mode).map_err(|_| StoreError::Refused)?;
        let stores: Vec<IdbObjectStore> =
            names.iter().map(|n| tx.object_store(n)).collect::<Result<_, _>>().map_err(|_| StoreError::Refused)?;
        let finished = committed(&tx);
        let (value, requests) = f(&stores).map_err(|_| StoreError::Refused)?;
        let mut results = Vec::with_capacity(requests.len());
        for r in &requests {
            results.push(done(r).await.map_err(|_| StoreError::Refused)?);
        }
        JsFuture::from(finished).await.map_err(|_| StoreError::Refused)?;
        Ok((value, results))
    }
    .await;
    db.close();
    result
}

/// A stored value's size in bytes (its text's, as UTF-8).
fn size_of(value: &JsValue) -> usize {
    match value.as_string() {
        Some(text) => text.len(),
        None => js_sys::JSON::stringify(value).ok().and_then(|s| s.as_string()).map_or(0, |s| s.len()),
    }
}

/// Reads every history. A record that cannot be read (damaged, from a
/// newer version, not a history) is moved aside untouched and listed in
/// `moved`; the others are taken.
pub async fn load() -> Result<Stored, StoreError> {
    let ((), lists) = with_stores(&[HISTORIES, ASIDE], IdbTransactionMode::Readonly, |s| {
        Ok(((), vec![s[0].get_all_keys()?, s[0].get_all()?, s[1].get_all_keys()?, s[1].get_all()?]))
    })
    .await?;
    let array = |i: usize| lists.get(i).map(Array::from).unwrap_or_default();
    let (keys, values, aside_keys, aside_values) = (array(0), array(1), array(2), array(3));
    let mut stored = Stored::default();
    let mut damaged: Vec<(String, JsValue, HistoryProblem)> = Vec::new();
    for (key, value) in keys.iter().zip(values.iter()) {
        let key = key.as_string().unwrap_or_default();
        let read = value.as_string().ok_or(HistoryProblem::Unreadable).and_then(|text| document::read(&text));
        match read {
            Ok(mut history) => {
                // The record's key is the history's id.
                history.id = key;
                stored.histories.push(StoredHistory { history, bytes: size_of(&value) });
            }
            Err(problem) => damaged.push((key, value, problem)),
        }
    }
    for (key, value) in aside_keys.iter().zip(aside_values.iter()) {
        stored.aside.push(AsideRecord { key: key.as_string().unwrap_or_default(), bytes: size_of(&value) });
    }
    if !damaged.is_empty() {
        let stamp = js_sys::Date::now() as u64;
        let moved: Vec<(String, HistoryProblem)> =
            damaged.iter().map(|(key, _, p)| (format!("{key}@{stamp}"), p.clone())).collect();
        with_stores(&[HISTORIES, ASIDE], IdbTransactionMode::Readwrite, |s| {
            let mut requests = Vec::new();
            for ((key, value, _), (aside_key, _)) in damaged.iter().zip(&moved) {
                requests.push(s[1].put_with_key(value, &JsValue::from_str(aside_key))?);
                requests.push(s[0].delete(&JsValue::from_str(key))?);
            }
            Ok(((), requests))
        })
        .await?;
        for ((_, value, _), (aside_key, _)) in damaged.iter().zip(&moved) {
            stored.aside.push(AsideRecord { key: aside_key.clone(), bytes: size_of(value) });
        }
        stored.moved = moved;
    }
    stored.histories.sort_by(|a, b| a.history.name.cmp(&b.history.name).then_with(|| a.history.id.cmp(&b.history.id)));
    Ok(stored)
}

/// Stores `h` (replacing its earlier record); the record's size.
pub async fn save(h: &History) -> Result<usize, StoreError> {
    let text = document::write(h);
    let bytes = text.len();
    let id = h.id.clone();
    with_stores(&[HISTORIES], IdbTransactionMode::Readwrite, move |s| {
        Ok(((), vec![s[0].put_with_key(&JsValue::from_str(&text), &JsValue::from_str(&id))?]))
    })
    .await?;
    Ok(bytes)
}

/// Why an imported file was not taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportFailure {
    /// It is not a history this build can read (nothing was changed).
    Read(HistoryProblem),
    Store(StoreError),
}

/// Takes in a history file: a history already kept (the same id) gets its
/// exports (those at the same dates replaced), another is added. The
/// history as now stored, and how many exports were added and replaced.
pub async fn import(text: &str) -> Result<(StoredHistory, usize, usize), ImportFailure> {
    let imported = document::read(text).map_err(ImportFailure::Read)?;
    let key = JsValue::from_str(&imported.id);
    let (_, found) = with_stores(&[HISTORIES], IdbTransactionMode::Readonly, move |s| Ok(((), vec![s[0].get(&key)?])))
        .await
        .map_err(ImportFailure::Store)?;
    let existing = found.first().and_then(JsValue::as_string).and_then(|t| document::read(&t).ok());
    let (history, added, replaced) = match existing {
        Some(mut h) => {
            h.id = imported.id.clone();
            let (a, r) = h.merge(imported);
            (h, a, r)
        }
        None => {
            let n = imported.exports.len();
            (imported, n, 0)
        }
    };
    let bytes = save(&history).await.map_err(ImportFailure::Store)?;
    Ok((StoredHistory { history, bytes }, added, replaced))
}

/// Erases the history `id`.
pub async fn erase(id: &str) -> Result<(), StoreError> {
    delete(HISTORIES, id).await
}

/// Erases the record kept aside under `key`.
pub async fn erase_aside(key: &str) -> Result<(), StoreError> {
    delete(ASIDE, key).await
}

async fn delete(store: &str, key: &str) -> Result<(), StoreError> {
    let key = JsValue::from_str(key);
    with_stores(&[store], IdbTransactionMode::Readwrite, move |s| Ok(((), vec![s[0].delete(&key)?]))).await.map(|_| ())
}

/// Erases the whole database (every history and every record aside).
/// True when it is gone (or never was).
pub async fn erase_all() -> bool {
    let Some(factory) = web_sys::window().and_then(|w| w.indexed_db().ok().flatten()) else { return true };
    let Ok(request) = factory.delete_database(DB_NAME) else { return false };
    done(&request).await.is_ok()
}

/// A fresh random token of `n` hexadecimal digits (a new history's id and
/// salt; not a secret, only distinct).
pub fn token(n: usize) -> String {
    let crypto = web_sys::window().and_then(|w| w.crypto().ok());
    let mut bytes = vec![0u8; n.div_ceil(2)];
    let filled = crypto.is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        for b in &mut bytes {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    let mut s: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    s.truncate(n);
    s
}
