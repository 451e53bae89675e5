export default {
  register(app: any) {
    app.registerPlugin({ id: 'likeness', name: 'Likeness' });
  },
};
