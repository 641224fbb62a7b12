//! Story synthesis (scaffold).
pub mod dates;
pub mod numbers;
pub mod words;
