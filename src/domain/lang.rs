//! The language a generated text is written in: the exports' titles, the
//! dunning letters, the statement of the rates a view was converted at.
//! The page's own texts are in `i18n`, which maps its locale to this.

use serde::{Deserialize, Serialize};

/// French or English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    Fr,
    En,
}
