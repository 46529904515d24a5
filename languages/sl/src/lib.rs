//! SimpleLanguage (SL) on Bonsai: [`parser`] turns SL source into a checked syntax tree.
pub mod parser;
