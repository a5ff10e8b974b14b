//! A separate payments file: to be written.
