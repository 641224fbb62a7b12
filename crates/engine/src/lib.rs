//! The Marsad engine over a store: ingest (the two-stage driver and the
//! pipeline of dedup, clustering and the store writer), stories and
//! articles as views, synthesis storage, search, export and the feed
//! poller. The `marsad` binary and `marsad-serve` are fronts over it.

pub mod decision;
pub mod export;
pub mod ingest;
pub mod pipeline;
pub mod priority;
pub mod search;
pub mod synthesis;
pub mod views;
pub mod watch;
mod writer;
