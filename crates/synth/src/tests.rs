//! Tests over small fictional stories written for these tests.
