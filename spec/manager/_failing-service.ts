// A service that cannot start: what a deploy of it answers shows the end of its log.
console.error('loading the model from ./model.bin');
throw new Error('model.bin is missing');
