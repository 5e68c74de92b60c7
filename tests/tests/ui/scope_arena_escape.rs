// A reference allocated in a scope cannot be returned from the scope's closure: the scope's
// memory is freed (and its values dropped) when the closure returns.
use avila_alloc::arena::StackScopeArena;

fn main() {
    let mut arena: StackScopeArena<64> = StackScopeArena::new();
    let escaped: &mut String = arena.scope(|s| s.alloc(String::from("freed")));
    escaped.push('!');
}
