({
    // A canvas app inside a Lightning component is not told which record page hosts it, so the
    // record travels in the parameters; Candor reads context.environment.parameters.recordId.
    canvasParameters: function (component) {
        return JSON.stringify({
            recordId: component.get("v.recordId"),
            sObjectName: component.get("v.sObjectName")
        });
    }
})
