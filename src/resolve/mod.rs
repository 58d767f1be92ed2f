//! Composition of a page per environment.
pub mod moniker_blocks;
