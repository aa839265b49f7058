window.dash_clientside = Object.assign({}, window.dash_clientside, {
  chainmap: {
    fullscreen: function (n) {
      const el = document.getElementById("present-page");
      if (el && document.fullscreenElement !== el && el.requestFullscreen) {
        el.requestFullscreen().catch(function () {});
      } else if (document.exitFullscreen && document.fullscreenElement) {
        document.exitFullscreen();
      }
      return "fullscreen";
    }
  }
});
