export default defineBackground({
  persistent: true,
  main() {},
});
